// Import problems read in the reader's language: every problem code the server can give (the
// server's own list, src/lib/problems.ts) has a text in each language, which differs from the
// English one where the language differs; the values a problem names are said in the reader's
// number format; a row stored before codes shows the server's sentence. A file's failure and
// warnings are recognised by their wording. Also: the list polls only while an import runs, and a
// file's name picks its upload type.
import { describe, expect, test } from 'vitest';
import { problem, problemCodes } from '../../../../src/lib/problems.ts';
import i18n, { i18nReady } from '../../i18n.ts';
import { pollEvery, pollWhileRunning, uploadType } from './model.ts';
import { fileProblemText, rowErrorText } from './rowErrors.ts';

// Texts that read the same in a language as in English, on purpose.
const sameAsEnglish = new Set(['es:boolean']);

describe('import problems', () => {
  test('every problem code has a text in each language', async () => {
    await i18nReady;
    expect(problemCodes.length).toBeGreaterThan(40);
    const english = new Map<string, string>();
    for (const lng of ['en', 'pt-BR', 'es']) {
      await i18n.changeLanguage(lng);
      for (const code of problemCodes) {
        expect(i18n.exists(`imports.problems.${code}`), `${lng}: ${code}`).toBe(true);
        const text = rowErrorText(i18n.t, problem(code));
        if (lng === 'en') english.set(code, text);
        else if (!sameAsEnglish.has(`${lng}:${code}`)) expect(text, `${lng}: ${code}`).not.toBe(english.get(code));
      }
    }
  });

  test('says the values the server named, in the reader’s language and number format', async () => {
    await i18nReady;
    await i18n.changeLanguage('pt-BR');
    expect(rowErrorText(i18n.t, problem('one_of', { allowed: 'active, defected', got: 'gone' }))).toBe(
      'deve ser um destes: active, defected (encontrado "gone")',
    );
    expect(rowErrorText(i18n.t, problem('duplicate', { value: 'C-1', row: 1200 }))).toBe(
      '"C-1" aparece mais de uma vez no arquivo (primeiro na linha 1.200)',
    );
    expect(rowErrorText(i18n.t, problem('invalid_date', { got: '31/12/2025' }))).toMatch(
      /\(encontrado "31\/12\/2025"\)$/,
    );
    await i18n.changeLanguage('es');
    expect(rowErrorText(i18n.t, problem('no_customer', { value: 'X9' }))).toBe('ningún cliente con el ID externo "X9"');
  });

  test('a row stored before codes, or with a code this app does not know, shows the server’s sentence', async () => {
    await i18nReady;
    await i18n.changeLanguage('es');
    expect(rowErrorText(i18n.t, { code: null, params: null, message: 'is required' })).toBe('is required');
    expect(rowErrorText(i18n.t, { code: 'from_a_newer_server', message: 'is odd' })).toBe('is odd');
  });

  test('a file’s failure and warnings are said in the reader’s language', async () => {
    await i18nReady;
    await i18n.changeLanguage('en');
    expect(fileProblemText(i18n.t, 'Ignored unknown columns: foo, bar')).toBe('Unknown columns ignored: foo, bar');
    expect(fileProblemText(i18n.t, 'Something new')).toBe('Something new');
  });
});

test('the list polls only while an import is unfinished', () => {
  expect(pollWhileRunning([{ status: 'completed' }, { status: 'running' }])).toBe(pollEvery);
  expect(pollWhileRunning([{ status: 'queued' }])).toBe(pollEvery);
  expect(pollWhileRunning([{ status: 'completed' }, { status: 'failed' }])).toBe(false);
  expect(pollWhileRunning(undefined)).toBe(false);
});

test.each([
  ['customers.csv', 'text/csv'],
  ['sales.ndjson', 'application/x-ndjson'],
  ['sales.jsonl', 'application/x-ndjson'],
  ['export.json', 'text/csv'],
  ['list.txt', 'text/csv'],
] as const)('%s is sent as %s', (name, type) => {
  expect(uploadType(name)).toBe(type);
});
