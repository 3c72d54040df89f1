// Import problems read in the reader's language: each sentence the server writes (taken from the
// server's own constants where it has them, so a reworded server message fails here) is
// recognised, its values kept, and unknown sentences are shown as written. Also: the list polls
// only while an import runs, and a file's name picks its upload type.
import { describe, expect, test } from 'vitest';
import { futurePurchaseMessage, rangeMessage } from '../../../../src/lib/dates.ts';
import { normalizePhone } from '../../../../src/lib/phone.ts';
import { unstorableText } from '../../../../src/lib/text.ts';
import { amountMessage, quantityMessage, ruleMessages } from '../../../../src/modules/commerce/commerce.rules.ts';
import i18n, { i18nReady } from '../../i18n.ts';
import { pollEvery, pollWhileRunning, uploadType } from './model.ts';
import { problemOf, problemText } from './rowErrors.ts';

const serverSentences: [string, string][] = [
  ['is required', 'required'],
  ['is longer than 500 characters', 'tooLong'],
  ['must be a whole number (got "12a")', 'wholeNumber'],
  [quantityMessage, 'positiveDecimal'],
  ['must be a date YYYY-MM-DD or a date-time like 2026-11-23T10:00:00Z (got "31/12/2025")', 'date'],
  [`${rangeMessage} (got "1800-01-01")`, 'dateRange'],
  [futurePurchaseMessage, 'tooFarAhead'],
  ['must be one of active, defected (got "gone")', 'oneOf'],
  [unstorableText('a\u0000b') as string, 'nul'],
  [unstorableText('\ud800') as string, 'surrogate'],
  [(normalizePhone('call me') as { message: string }).message, 'phoneCharacters'],
  [amountMessage, 'amount'],
  [ruleMessages.noOriginal, 'noOriginal'],
  [ruleMessages.left(1500), 'leftToReturn'],
  ['duplicate "C-1", first seen at row 12', 'duplicate'],
  ['row has 3 values but the header has 4 columns', 'columnCount'],
  ['Ignored unknown columns: foo, bar', 'unknownColumns'],
];

describe('import problems', () => {
  test.each(serverSentences)('%s → %s', (message, key) => {
    expect(problemOf(message)?.key).toBe(key);
  });

  test('every recognised sentence has a text in each language', async () => {
    await i18nReady;
    for (const lng of ['en', 'pt-BR', 'es']) {
      await i18n.changeLanguage(lng);
      for (const [, key] of serverSentences)
        expect(i18n.exists(`imports.problems.${key}`), `${lng}: ${key}`).toBe(true);
      expect(problemText(i18n.t, serverSentences[0][0])).not.toBe('');
    }
  });

  test('says the values the server named, in the reader’s language and number format', async () => {
    await i18nReady;
    await i18n.changeLanguage('pt-BR');
    expect(problemText(i18n.t, 'must be one of active, defected (got "gone")')).toBe(
      'deve ser um destes: active, defected (encontrado "gone")',
    );
    expect(problemText(i18n.t, 'duplicate "C-1", first seen at row 1200')).toBe(
      '"C-1" aparece mais de uma vez no arquivo (primeiro na linha 1.200)',
    );
    await i18n.changeLanguage('es');
    expect(problemText(i18n.t, 'no customer with external id "X9"')).toBe('ningún cliente con el ID externo "X9"');
  });

  test('an unknown sentence is shown as the server wrote it', async () => {
    await i18nReady;
    await i18n.changeLanguage('es');
    expect(problemOf('Invalid input: expected string')).toBeUndefined();
    expect(problemText(i18n.t, 'Invalid input: expected string')).toBe('Invalid input: expected string');
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
