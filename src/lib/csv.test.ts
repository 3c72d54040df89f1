import { parse } from 'csv-parse/sync';
import { expect, test } from 'vitest';
import { csvLine } from './csv.ts';

test('CSV cells round-trip quotes, commas and newlines, and neutralise formulas', () => {
  const line = csvLine([
    'Ana "Nana" Souza',
    'a,b',
    'two\nlines',
    '=HYPERLINK("x")',
    '-42',
    -3.5,
    null,
    ['vip', 'promo'],
    '+55 11 91234-5678',
    '+SUM(A1)',
    '-cmd',
  ]);
  const [row] = parse(line);
  expect(row).toEqual([
    'Ana "Nana" Souza',
    'a,b',
    'two\nlines',
    `'=HYPERLINK("x")`,
    '-42',
    '-3.5',
    '',
    'vip|promo',
    '+55 11 91234-5678',
    "'+SUM(A1)",
    "'-cmd",
  ]);
});
