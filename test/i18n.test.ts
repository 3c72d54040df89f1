// Every UI language has every key of the English file, and no empty strings; every key the
// web app names exists.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import en from '../web/src/locales/en.json' with { type: 'json' };
import es from '../web/src/locales/es.json' with { type: 'json' };
import ptBR from '../web/src/locales/pt-BR.json' with { type: 'json' };

function flatten(obj: Record<string, unknown>, prefix = ''): Record<string, string> {
  return Object.entries(obj).reduce<Record<string, string>>((acc, [k, v]) => {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object') Object.assign(acc, flatten(v as Record<string, unknown>, key));
    else acc[key] = String(v);
    return acc;
  }, {});
}

const reference = flatten(en);
const placeholders = (s: string) => (s.match(/\{\{\w+\}\}/g) ?? []).sort();

describe.each([
  ['pt-BR', ptBR],
  ['es', es],
])('%s translation', (_name, file) => {
  const translated = flatten(file);
  test('has exactly the English keys', () => {
    expect(Object.keys(translated).sort()).toEqual(Object.keys(reference).sort());
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
