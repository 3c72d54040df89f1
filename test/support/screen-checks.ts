// What a screen in the browser must not show: raw codes (`snake_case` words, `domain.event` types,
// i18n keys) and, in Portuguese or Spanish, a text of the web app left in English. Used by the
// browser tests (test/e2e), which pass them the page's visible text.
import en from '../../web/src/locales/en.json' with { type: 'json' };
import es from '../../web/src/locales/es.json' with { type: 'json' };
import ptBR from '../../web/src/locales/pt-BR.json' with { type: 'json' };
import enValue from '../../src/modules/analytics/explanations/en.json' with { type: 'json' };
import esValue from '../../src/modules/analytics/explanations/es.json' with { type: 'json' };
import ptBRValue from '../../src/modules/analytics/explanations/pt-BR.json' with { type: 'json' };
import { API_TOKEN_PREFIX } from '../../src/modules/auth/auth.service.ts';
import { flatten } from './flatten.ts';

export type Lang = 'en' | 'pt-BR' | 'es';

/** The web app's texts, and the server's value explanations (tier reasons, metrics) it shows. */
const locales: Record<Lang, Record<string, string>> = {
  en: { ...flatten(en), ...flatten(enValue, 'server') },
  'pt-BR': { ...flatten(ptBR), ...flatten(ptBRValue, 'server') },
  es: { ...flatten(es), ...flatten(esValue, 'server') },
};
/** Keys as the app names them (plural suffixes dropped): a key on screen is a missing translation. */
const keys = new Set(Object.keys(flatten(en)).map((k) => k.replace(/_(one|other|many|zero)$/, '')));

/**
 * Codes a screen must not show as they are: `snake_case` words, `domain.event` types and i18n
 * keys (e-mail addresses, web addresses and API token prefixes left out). Allowed: nothing, so far.
 */
export function rawCodes(text: string): string[] {
  const prose = text
    .replace(/\S+@\S+/g, ' ')
    .replace(/\b(?:https?:\/\/|www\.)\S+/g, ' ')
    // An API token's shown prefix is random base64url (`tnr_bcrljc`), data rather than a code.
    .replace(new RegExp(`\\b${API_TOKEN_PREFIX}\\S*`, 'g'), ' ');
  // Two letters at least before the dot: "e.g." and "i.e." are prose.
  const codes = prose.match(/\b[a-z]+_[a-z_]+\b|\b[a-z]{2,}\.[a-z]+_?[a-z_]*\b/g) ?? [];
  const shownKeys = (prose.match(/\b[a-z][a-zA-Z0-9]*(?:\.[a-zA-Z0-9_-]+)+\b/g) ?? []).filter((k) => keys.has(k));
  return [...new Set([...codes, ...shownKeys])];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const letters = (s: string) => (s.replace(/\{\{[^}]+\}\}/g, '').match(/\p{L}/gu) ?? []).length;

/**
 * The English texts that must not appear in `lang`: each text of en.json whose translation differs,
 * that is not also a text of `lang` itself (the same word in both, such as "Total"), and that has
 * words of its own (a text of placeholders says nothing in any language). Texts with placeholders
 * become patterns that match whatever fills them.
 */
function englishTexts(lang: Exclude<Lang, 'en'>): { exact: Set<string>; patterns: RegExp[] } {
  const translated = locales[lang];
  const own = new Set(Object.values(translated));
  const exact = new Set<string>();
  const patterns: RegExp[] = [];
  for (const [key, text] of Object.entries(locales.en)) {
    if (translated[key] === text || own.has(text) || letters(text) < 4) continue;
    if (!text.includes('{{')) exact.add(text.trim());
    // A pattern needs enough words of its own to say it is English ("{{n}} of {{m}}" is not enough).
    else if (letters(text) >= 10)
      patterns.push(
        new RegExp(
          `^${text
            .trim()
            .split(/\{\{[^}]+\}\}/)
            .map(escape)
            .join('.+?')}$`,
          'su',
        ),
      );
  }
  return { exact, patterns };
}
const english = { 'pt-BR': englishTexts('pt-BR'), es: englishTexts('es') };

/**
 * The pieces of `texts` (lines of the visible text, labels, placeholders) that are a text of the
 * web app in English while the screen speaks `lang`.
 */
export function untranslatedTexts(lang: Lang, texts: string[]): string[] {
  if (lang === 'en') return [];
  const { exact, patterns } = english[lang];
  const found = texts.map((s) => s.trim()).filter((s) => s && (exact.has(s) || patterns.some((p) => p.test(s))));
  return [...new Set(found)];
}

/** The browser-side collector: every line of the visible text, and the labels a reader meets. */
export const visibleTexts = `(() => {
  const out = document.body.innerText.split('\\n');
  for (const el of document.querySelectorAll('[placeholder], [aria-label], [title]')) {
    if (!el.checkVisibility || !el.checkVisibility()) continue;
    for (const a of ['placeholder', 'aria-label', 'title']) { const v = el.getAttribute(a); if (v) out.push(v); }
  }
  return out;
})()`;
