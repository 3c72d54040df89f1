// From text columns to a design matrix: numeric detection, one-hot against the first level in
// code-point order, missing cells dropped and counted, binary outcomes, and errors naming lines.
import { describe, expect, test } from 'vitest';
import { buildDesign, readBinary, readGroups, readNumbers, type TextTable } from './design.ts';

const table = (columns: Record<string, string[]>, lines?: number[]): TextTable => ({
  columns: new Map(Object.entries(columns)),
  rows: Object.values(columns)[0].length,
  lines,
});

describe('buildDesign', () => {
  const t = table({
    tenure: ['1', '34', '2', ' 45 ', '8', ''],
    contract: ['Month-to-month', 'One year', 'Month-to-month', 'Two year', 'NA', 'One year'],
    senior: ['0', '0', '1', '0', '0', '1'],
    plan: ['a', 'a', 'a', 'a', 'a', 'a'],
  });

  test('numeric columns as they are, categoricals one-hot against their first level; rows with a missing cell dropped', () => {
    const d = buildDesign(t, ['tenure', 'contract', 'senior', 'plan']);
    expect(d.features.map((f) => f.name)).toEqual(['tenure', 'contract=One year', 'contract=Two year', 'senior']);
    expect(d.features[1]).toMatchObject({ kind: 'level', reference: 'Month-to-month' });
    expect([...d.kept]).toEqual([0, 1, 2, 3]);
    expect(d.dropped).toBe(2);
    expect([...d.X]).toEqual([1, 0, 0, 0, 34, 1, 0, 0, 2, 0, 0, 1, 45, 0, 1, 0]);
    expect(d.ignored).toEqual([{ column: 'plan', reason: 'every row has the value "a"' }]);
  });

  test('a row mask limits the rows; an identifier column is refused with a hint', () => {
    const d = buildDesign(t, ['tenure'], { rowMask: [true, false, true, true, true, true] });
    expect([...d.kept]).toEqual([0, 2, 3, 4]);
    expect(d.dropped).toBe(1);
    const ids = table({ id: Array.from({ length: 200 }, (_, i) => `C${i}`) });
    expect(() => buildDesign(ids, ['id'])).toThrow(/column "id" has 200 distinct text values .*leave it out/);
  });
});

describe('reading outcomes, durations and groups', () => {
  const t = table(
    {
      churn: ['Yes', 'no', 'TRUE', 'false', '1', '0', ''],
      months: ['3', '0', '12.5', '7', '1', '2', '4'],
      segment: ['b', 'a', 'b', 'c', '', 'a', 'a'],
    },
    [2, 3, 4, 5, 6, 7, 8],
  );

  test('yes/no, true/false and 1/0 in any case; missing is NaN', () => {
    expect([...readBinary(t, 'churn', 'target')]).toEqual([1, 0, 1, 0, 1, 0, Number.NaN]);
    expect(() => readBinary(table({ churn: ['yes', 'maybe'] }, [2, 3]), 'churn', 'target')).toThrow(
      'line 3: target "maybe" is not yes/no, true/false or 1/0',
    );
  });

  test('numbers with a floor, errors naming the line; groups in code-point order', () => {
    expect([...readNumbers(t, 'months', 'duration', 0)]).toEqual([3, 0, 12.5, 7, 1, 2, 4]);
    expect(() => readNumbers(table({ m: ['1', '-2'] }, [2, 3]), 'm', 'duration', 0)).toThrow(
      'line 3: duration -2 is below 0',
    );
    expect(() => readNumbers(table({ m: ['1', 'x'] }), 'm', 'duration')).toThrow('row 2: duration "x" is not a number');
    const g = readGroups(t, 'segment');
    expect(g.labels).toEqual(['a', 'b', 'c']);
    expect([...g.group]).toEqual([1, 0, 1, 2, -1, 0, 0]);
  });
});
