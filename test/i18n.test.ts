// Every UI language has every key of the English file, and no empty strings.
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
