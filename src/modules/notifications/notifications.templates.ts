// Owns message templates in en, pt-BR and es (i18next, one JSON file per language under
// templates/). A template is a key with `subject`, `body`, optional `reason` and `link`
// paragraphs, and `short` (SMS, WhatsApp). An optional paragraph is left out when a variable
// it names is missing, so an event without a status link still gives a sensible message.
// Messages are plain text: customer-supplied text is never rendered as HTML.
// Templates use plain `{{name}}` placeholders only, so a message is rendered from each string
// looked up once per language and key (i18next's resolution, falling back to English) and filled
// by one replace, as i18next's own interpolation fills it (escaping off, a value inserted as is, a
// placeholder without a value left as written) at a fraction of its cost per message: the outbox
// renders every message it sends. notifications.templates.test.ts checks the two agree.
import i18next from 'i18next';
import en from './templates/en.json' with { type: 'json' };
import es from './templates/es.json' with { type: 'json' };
import ptBR from './templates/pt-BR.json' with { type: 'json' };

export const messageLocales = ['en', 'pt-BR', 'es'] as const;
export type MessageLocale = (typeof messageLocales)[number];

export const templateResources: Record<MessageLocale, Record<string, unknown>> = { en, 'pt-BR': ptBR, es };

/** A synchronous i18next instance over per-language resources, rendering plain text (also used for other server-side texts). */
export function createPlainTextI18n(resources: Record<MessageLocale, Record<string, unknown>>) {
  const instance = i18next.createInstance();
  void instance.init({
    resources: Object.fromEntries(Object.entries(resources).map(([lng, t]) => [lng, { translation: t }])),
    fallbackLng: 'en',
    supportedLngs: [...messageLocales],
    initAsync: false,
    // Plain text out: nothing to escape, and escaping would mangle names like "O'Brien & Co".
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}

const i18n = createPlainTextI18n(templateResources);

export type RenderedMessage = { subject: string; text: string; short: string };

export const isMessageLocale = (v: unknown): v is MessageLocale =>
  typeof v === 'string' && (messageLocales as readonly string[]).includes(v);

/** Whether a template with this key exists (in English, which every language must match). */
export const templateExists = (key: string): boolean =>
  typeof i18n.getResource('en', 'translation', `${key}.subject`) === 'string';

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;
const placeholders = (s: string) => [...s.matchAll(PLACEHOLDER)].map((m) => m[1]);

/** A template string by language and key, English where the language lacks it; read once. */
const strings = new Map<string, string | undefined>();
function lookup(locale: MessageLocale, key: string): string | undefined {
  const id = `${locale}\u0000${key}`;
  if (strings.has(id)) return strings.get(id);
  const raw = i18n.getResource(locale, 'translation', key) ?? i18n.getResource('en', 'translation', key);
  const value = typeof raw === 'string' ? raw : undefined;
  strings.set(id, value);
  return value;
}

const fill = (template: string, vars: Readonly<Record<string, string>>) =>
  template.replace(PLACEHOLDER, (whole, name: string) => (Object.hasOwn(vars, name) ? vars[name] : whole));

export function renderMessage(
  key: string,
  locale: MessageLocale,
  vars: Record<string, string | undefined>,
): RenderedMessage {
  if (!templateExists(key)) throw new Error(`no message template "${key}"`);
  const present = Object.fromEntries(
    Object.entries(vars).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].length > 0),
  );
  const part = (name: string) => fill(lookup(locale, name) ?? name, present);
  const optional = (name: string): string | undefined => {
    const raw = lookup(locale, `${key}.${name}`);
    if (raw === undefined || placeholders(raw).some((p) => !(p in present))) return undefined;
    return fill(raw, present);
  };
  const greeting = present.name ? part('common.greeting') : part('common.greetingNoName');
  const paragraphs = [greeting, part(`${key}.body`), optional('reason'), optional('link'), part('common.signature')];
  return {
    subject: part(`${key}.subject`),
    text: paragraphs.filter(Boolean).join('\n\n'),
    short: [part(`${key}.short`), optional('link')].filter(Boolean).join(' '),
  };
}
