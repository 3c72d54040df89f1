// Tier reasons and metric explanations are worded when read, in the reader's language, with
// counts that agree with their number and amounts in the reader's locale.
import { expect, test } from 'vitest';
import { explainClv, explainMetrics, explainTierReason } from './analytics.explain.ts';
import type { ScoreView } from './analytics.reads.repository.ts';

const stored = JSON.stringify({
  tier: 'platinum',
  by: 'net_profit',
  value: 1_234_550,
  profit: 1_234_550,
  rank: 3,
  of: 1190,
  months: 12,
  platinumShare: 0.05,
  goldShare: 0.15,
});

test('a stored tier reason is worded in each language, with local numbers and the workspace currency', () => {
  expect(explainTierReason(stored, 'USD', 'en')).toBe(
    'A net profit of $12,345.50 over the last 12 months (rank 3 of 1,190 profitable customers) puts this customer in the top 5%.',
  );
  expect(explainTierReason(stored, 'BRL', 'pt-BR')).toBe(
    'Um lucro líquido de R$\u00a012.345,50 nos últimos 12 meses (posição 3 de 1.190 clientes lucrativos) coloca este cliente entre os 5% do topo.',
  );
  expect(explainTierReason(stored, 'EUR', 'es')).toMatch(
    /^Un beneficio neto de 12\.345,50\s€ .* \(puesto 3 de 1190 clientes rentables\)/,
  );
  const lead = JSON.stringify({ ...JSON.parse(stored), tier: 'lead', profit: -500, rank: null, of: null });
  expect(explainTierReason(lead, 'USD', 'en')).toBe(
    'Net profit over the last 12 months is -$5.00: serving this customer cost more than the margin they brought.',
  );
  // A reason stored as a sentence by an older run is answered as it is.
  expect(explainTierReason('Tier set by hand', 'USD', 'pt-BR')).toBe('Tier set by hand');
});

test('one purchase, one day: counts agree with their number', () => {
  const s = { recencyDays: 1, frequency: 1, tenureDays: 1, windowMonths: 12, monetaryMinor: 100 } as ScoreView;
  const text = (locale: 'en' | 'pt-BR' | 'es', key: string) =>
    explainMetrics(s, 'USD', locale).find((m) => m.key === key)?.explanation;
  expect(text('en', 'frequency')).toBe('1 purchase in the last 12 months.');
  expect(text('en', 'recency_days')).toBe('The last purchase was 1 day ago.');
  expect(text('pt-BR', 'tenure_days')).toBe('Cliente há 1 dia.');
  expect(text('es', 'frequency')).toBe('1 compra en los últimos 12 meses.');
  const many = { ...s, frequency: 1190 } as ScoreView;
  expect(explainMetrics(many, 'USD', 'en').find((m) => m.key === 'frequency')?.explanation).toBe(
    '1,190 purchases in the last 12 months.',
  );
});

test('the CLV explanation agrees with the number of purchases it shows', () => {
  const s = { expectedPurchases: 0.96, pAlive: 0.86, clvMinor: 4_200, expectedSpendMinor: 4_500 } as ScoreView;
  expect(explainClv(s, 'USD', 'en', 52)?.explanation).toContain(
    'about 1 purchase in the next 52 weeks at around $45.00,',
  );
  expect(explainClv({ ...s, expectedPurchases: 2.3 }, 'USD', 'en', 52)?.explanation).toContain(
    'about 2.3 purchases in the next 52 weeks at around $45.00 each',
  );
  expect(explainClv(s, 'USD', 'es', 52)?.explanation).toContain('alrededor de 1 compra en');
  expect(explainClv({ ...s, expectedPurchases: 3 }, 'USD', 'pt-BR', 52)?.explanation).toContain('cerca de 3 compras');
});
