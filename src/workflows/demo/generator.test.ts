import { describe, expect, test } from 'vitest';
import { demoProducts, generateDemo } from './generator.ts';

const options = {
  customers: 2_000,
  seed: 11,
  start: new Date('2023-01-01T00:00:00Z'),
  end: new Date('2026-01-01T00:00:00Z'),
};

describe('demo data', () => {
  test('the same seed gives the same data; another seed differs', () => {
    const a = [...generateDemo({ ...options, customers: 50 })];
    const b = [...generateDemo({ ...options, customers: 50 })];
    const c = [...generateDemo({ ...options, customers: 50, seed: 12 })];
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
  });

  test('customers differ in purchase rate and drop out, within the period', () => {
    const bundles = [...generateDemo(options)];
    const counts = bundles.map((b) => b.transactions.filter((t) => !t.returnOf).length);
    const mean = counts.reduce((x, y) => x + y, 0) / counts.length;
    expect(mean).toBeGreaterThan(2);
    expect(mean).toBeLessThan(15);
    expect(counts.filter((n) => n === 1).length).toBeGreaterThan(bundles.length * 0.1);
    expect(Math.max(...counts)).toBeGreaterThan(20);
    for (const b of bundles)
      for (const t of b.transactions) expect(t.occurredAt.getTime()).toBeLessThanOrEqual(options.end.getTime());
    const skus = new Set(demoProducts().map((p) => p.sku));
    expect(bundles.every((b) => b.transactions.every((t) => t.lines.every((l) => skus.has(l.sku))))).toBe(true);
    expect(bundles.filter((b) => b.contract).length).toBeGreaterThan(100);
  });
});
