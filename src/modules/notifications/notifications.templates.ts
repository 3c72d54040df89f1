// Owns message templates in en, pt-BR and es (i18next, one JSON file per language under
// templates/). A template is a key with `subject`, `body`, optional `reason` and `link`
// paragraphs, and `short` (SMS, WhatsApp). An optional paragraph is left out when a variable
// it names is missing, so an event without a status link still gives a sensible message.
// Messages are plain text: customer-supplied text is never rendered as HTML.
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

const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]);

export function renderMessage(
  key: string,
  locale: MessageLocale,
  vars: Record<string, string | undefined>,
): RenderedMessage {
  if (!templateExists(key)) throw new Error(`no message template "${key}"`);
  const t = i18n.getFixedT(locale);
  const present = Object.fromEntries(
    Object.entries(vars).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].length > 0),
  );
  const optional = (part: string): string | undefined => {
    const raw =
      i18n.getResource(locale, 'translation', `${key}.${part}`) ??
      i18n.getResource('en', 'translation', `${key}.${part}`);
    if (typeof raw !== 'string' || placeholders(raw).some((p) => !(p in present))) return undefined;
    return t(`${key}.${part}`, present);
  };
  const greeting = present.name ? t('common.greeting', present) : t('common.greetingNoName');
  const paragraphs = [
    greeting,
    t(`${key}.body`, present),
    optional('reason'),
    optional('link'),
    t('common.signature', present),
  ];
  return {
    subject: t(`${key}.subject`, present),
    text: paragraphs.filter(Boolean).join('\n\n'),
    short: [t(`${key}.short`, present), optional('link')].filter(Boolean).join(' '),
  };
}
