// Counts read as numbers of the reader's locale, with the right plural, in every language.
import { expect, test } from 'vitest';
import i18n, { i18nReady } from './i18n.ts';

test.each([
  ['en', 1, 'Needs 1 more point'],
  ['en', 1190, 'Needs 1,190 more points'],
  ['pt-BR', 1190, '1.190'],
  ['es', 12500, '12.500'],
])('%s: %d', async (lng, count, expected) => {
  await i18nReady;
  await i18n.changeLanguage(lng);
  expect(i18n.t('loyalty.redeem.why.points', { count })).toContain(expected);
  // Other numbers are left alone (a year is not a count).
  expect(i18n.t('loyalty.redeem.why.level', { level: 2026 })).toContain('2026');
});
