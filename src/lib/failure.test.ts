import { describe, expect, test } from 'vitest';
import { failureText, isTransient } from './failure.ts';

describe('failureText', () => {
  test('is the root cause with its SQLSTATE, never the wrapper that quotes the query and its parameters', () => {
    const pgError = Object.assign(new Error('time zone displacement out of range: "+010000-12-31T23:59:59.000Z"'), {
      code: '22009',
      query: 'insert into x',
      params: ['ana@example.com'],
    });
    const wrapped = new Error('Failed query: insert into loyalty_lots …\nparams: [{"email":"ana@example.com"}]', {
      cause: pgError,
    });
    expect(failureText(wrapped)).toBe(
      'time zone displacement out of range: "+010000-12-31T23:59:59.000Z" (SQLSTATE 22009)',
    );
  });

  test('names errors of the code, drops parameters from a wrapper without a cause, and hides credentials', () => {
    expect(failureText(new RangeError('Invalid time value'))).toBe('RangeError: Invalid time value');
    expect(failureText(new Error('Failed query: select 1\nparams: secret-value'))).toBe('Failed query: select 1');
    expect(failureText(new Error('connect to postgres://tenure:hunter2@db:5432/tenure refused'))).toBe(
      'connect to postgres://***@db:5432/tenure refused',
    );
    expect(failureText(new Error('bad password=hunter2 given'))).toBe('bad password=*** given');
    expect(failureText('plain')).toBe('plain');
  });

  test('is bounded', () => {
    const text = failureText(new Error('x'.repeat(2_000)));
    expect(text).toHaveLength(500);
    expect(text.endsWith('…')).toBe(true);
  });
});

test('isTransient: the connection, deadlocks, conflicts and shutdowns are; errors about the data are not', () => {
  const pg = (code: string) => new Error('wrapped', { cause: Object.assign(new Error('x'), { code }) });
  for (const code of ['40001', '40P01', '08006', '53300', '57P01', '57014', 'ECONNRESET'])
    expect(isTransient(pg(code)), code).toBe(true);
  expect(isTransient(new Error('Connection terminated unexpectedly'))).toBe(true);
  for (const code of ['22009', '23505', 'P0001', '42P01']) expect(isTransient(pg(code)), code).toBe(false);
  expect(isTransient(new RangeError('Invalid time value'))).toBe(false);
});
