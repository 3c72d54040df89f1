// Import problems read in the reader's language: every problem code the server can give (the
// server's own list, src/lib/problems.ts) has a text in each language, which differs from the
// English one where the language differs; the values a problem names are said in the reader's
// number format; a row stored before codes shows the server's sentence. A file's failure and
// warnings are said from their codes too. Also: the list polls only while an import runs, and a
// file's name picks its upload type.
import { describe, expect, test } from 'vitest';
import { problem, problemCodes } from '../../../../src/lib/problems.ts';
import i18n, { i18nReady } from '../../i18n.ts';
import { pollEvery, pollWhileRunning, uploadType } from './model.ts';
import { fileProblemText, rowErrorText } from '../../problemText.ts';

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

  test('a file’s failure and warnings are said in the reader’s language, from their codes', async () => {
    await i18nReady;
    const missing = problem('missing_columns', {
      columns: 'external_id, name',
      count: 2,
      found: 'id;nome',
      separator: 'semicolon',
    });
    await i18n.changeLanguage('en');
    expect(fileProblemText(i18n.t, problem('unknown_columns', { columns: 'foo, bar', count: 2 }))).toBe(
      'Unknown columns ignored: foo, bar',
    );
    expect(fileProblemText(i18n.t, missing)).toBe(
      'Required columns missing: external_id, name. Columns found: id;nome. The file seems to be separated by Semicolon (;).',
    );
    await i18n.changeLanguage('pt-BR');
    expect(fileProblemText(i18n.t, missing)).toBe(
      'Faltam colunas obrigatórias: external_id, name. Colunas encontradas: id;nome. O arquivo parece separado por Ponto e vírgula (;).',
    );
    expect(fileProblemText(i18n.t, problem('missing_columns', { columns: 'name', count: 1, found: '' }))).toBe(
      'Faltam colunas obrigatórias: name. Colunas encontradas: (nenhuma).',
    );
    await i18n.changeLanguage('es');
    expect(fileProblemText(i18n.t, problem('header_too_long', { max: 1048576 }))).toMatch(/más de 1\.048\.576 bytes/);
    expect(fileProblemText(i18n.t, problem('process_ended'))).toMatch(/^La importación se detuvo antes de terminar/);
    // Stored before codes: as the server wrote it.
    expect(fileProblemText(i18n.t, { code: null, params: null, message: 'Ignored unknown columns: foo' })).toBe(
      'Ignored unknown columns: foo',
    );
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
