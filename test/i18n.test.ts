// Every UI language has every key of the English file, and no empty strings; no text left in
// English unless listed below as the same word on purpose; every key the web app names exists.
// The server's message files (e-mail templates, value explanations) are held to the same rules.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { fieldErrors, requestLocale } from '../src/http/problem.ts';
import en from '../web/src/locales/en.json' with { type: 'json' };
import es from '../web/src/locales/es.json' with { type: 'json' };
import ptBR from '../web/src/locales/pt-BR.json' with { type: 'json' };
import { flatten } from './support/flatten.ts';

const reference = flatten(en);

/**
 * Texts that are the same in English on purpose: names, acronyms and loanwords the language
 * uses as they are. Anything else equal to the English text is an untranslated string. A text
 * with no word outside its placeholders ("{{date}} · {{source}}", "{{n}} h") needs no entry.
 */
const sameEverywhere = new Set([
  'Tenure',
  'API',
  'NPS',
  'CSAT',
  'SLA',
  'SMS',
  'WhatsApp',
  'Web',
  'Webhooks',
  'MRR',
  'ROI',
  'Marketing',
  'Pix',
  'boleto',
  'Cashback',
  'Lift',
  'Social', // a bond's kind: the same word in Portuguese and Spanish
  'BG/NBD + Gamma-Gamma',
  '{{minutes}} min',
]);
const samePerLanguage: Record<string, Set<string>> = {
  'pt-BR': new Set([
    'purchases.items_one', // "{{count}} item"
    'panels.feedback', // "Feedback" is the Brazilian word
    'feedback.title',
    'analytics.runs.modes.incremental',
    'loyalty.rewards.kinds.upgrade',
    'affinity.offers.probability', // "Chance"
    'kpis.revenue.quickRatio',
  ]),
  es: new Set([
    'app.no',
    'analytics.runs.modes.incremental',
    'churn.features.plan',
    'churn.survival.by.plan',
    'campaigns.results.control',
    'campaigns.arms.control',
    'feedback.sentiments.neutral',
    'kpis.revenue.quickRatio',
  ]),
};
const wordless = (s: string) => !/\p{L}{2,}/u.test(s.replace(/\{\{[^}]+\}\}/g, ''));

/** Keys whose text is the English text, except on-purpose ones. */
function untranslated(
  lang: string,
  english: Record<string, string>,
  translated: Record<string, string>,
  allowed: Set<string> = new Set(),
): string[] {
  return Object.entries(english)
    .filter(([key, text]) => translated[key] === text)
    .filter(([key, text]) => !wordless(text) && !sameEverywhere.has(text) && !allowed.has(key))
    .map(([key, text]) => `${lang} ${key}: ${JSON.stringify(text)}`);
}
const placeholders = (s: string) => (s.match(/\{\{\w+\}\}/g) ?? []).sort();

describe.each([
  ['pt-BR', ptBR],
  ['es', es],
])('%s translation', (_name, file) => {
  const translated = flatten(file);
  test('has exactly the English keys', () => {
    expect(Object.keys(translated).sort()).toEqual(Object.keys(reference).sort());
  });
  test('translates every text (the same word only where listed as on purpose)', () => {
    expect(untranslated(_name, reference, translated, samePerLanguage[_name])).toEqual([]);
  });
  test('keeps every placeholder and leaves nothing empty', () => {
    for (const [key, value] of Object.entries(reference)) {
      expect(translated[key]?.trim(), key).toBeTruthy();
      expect(placeholders(translated[key] ?? ''), key).toEqual(placeholders(value));
    }
  });
});

describe('keys used by the web app', () => {
  // Literal keys only (t('a.b') and i18nKey="a.b"); keys built at run time are checked by the
  // browser tests, which would show the raw key.
  const root = path.resolve(import.meta.dirname, '../web/src');
  const sources = (fs.readdirSync(root, { recursive: true }) as string[])
    .filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.test.ts'))
    .map((f) => path.join(root, f));
  test('every literal key exists in English (plural keys as _one/_other)', () => {
    const used = new Set<string>();
    for (const file of sources) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.-]+)'/g)) used.add(m[1]);
      for (const m of text.matchAll(/i18nKey="([a-zA-Z0-9_.-]+)"/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(100);
    const missing = [...used].filter((k) => !(k in reference) && !(`${k}_other` in reference));
    expect(missing).toEqual([]);
  });
});

describe.each([
  ['e-mail and message templates', 'src/modules/notifications/templates'],
  ['value explanations', 'src/modules/analytics/explanations'],
])('server %s', (_what, folder) => {
  const read = (lang: string) =>
    flatten(JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '..', folder, `${lang}.json`), 'utf8')));
  const english = read('en');
  test.each(['pt-BR', 'es'])('%s has every key, every placeholder, and no English text', (lang) => {
    const translated = read(lang);
    expect(Object.keys(translated).sort()).toEqual(Object.keys(english).sort());
    for (const [key, text] of Object.entries(english))
      expect(placeholders(translated[key] ?? ''), key).toEqual(placeholders(text));
    expect(untranslated(lang, english, translated)).toEqual([]);
  });
});

test("validation messages follow the request's language; a schema's own message stays", () => {
  const schema = z.object({
    name: z.string().min(3),
    email: z.string().refine((v) => v.includes('@'), 'not an email'),
  });
  const error = schema.safeParse({ name: 'x', email: 'y' }).error as z.ZodError;
  expect(fieldErrors(error, undefined, requestLocale('pt-BR,pt;q=0.9'))).toEqual([
    { path: 'name', message: expect.stringMatching(/^Demasiado pequeno/) },
    { path: 'email', message: 'not an email' },
  ]);
  expect(fieldErrors(error, undefined, requestLocale('es-AR'))[0].message).toMatch(/^Demasiado pequeño/);
  expect(fieldErrors(error, undefined, requestLocale(undefined))[0].message).toMatch(/^Too small/);
});
