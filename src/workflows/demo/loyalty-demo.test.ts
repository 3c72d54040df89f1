// The demo's loyalty levels are named in the workspace's language and never after a pyramid tier,
// so "a reward for Platinum members" can't be read as one for Platinum-tier customers.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import en from '../../../web/src/locales/en.json' with { type: 'json' };
import es from '../../../web/src/locales/es.json' with { type: 'json' };
import ptBR from '../../../web/src/locales/pt-BR.json' with { type: 'json' };
import { setUpDemoLoyalty } from './loyalty-demo.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const tierNames = [en, ptBR, es].flatMap((l) => Object.values(l.analytics.tiers).map((s) => String(s).toLowerCase()));

test.each([
  ['en', ['Newcomer', 'Regular', 'Insider', 'Ambassador']],
  ['pt-BR', ['Novato', 'Frequente', 'Da Casa', 'Embaixador']],
  ['es', ['Nuevo', 'Habitual', 'De la Casa', 'Embajador']],
])('levels in %s, none named after a pyramid tier', async (locale, expected) => {
  const ws = await t.workspace(`Levels ${locale}`);
  expect(await setUpDemoLoyalty(t.deps, ws.id, locale)).toBe(true);
  const levels = (await t.request('GET', '/api/v1/loyalty/levels', { token: ws.ownerToken })).body.items;
  const names = levels.map((l: { name: string }) => l.name);
  expect(names).toEqual(expected);
  expect(tierNames).toEqual(expect.arrayContaining(['platinum', 'platina', 'platino', 'gold', 'ouro', 'oro']));
  for (const name of names) expect(tierNames).not.toContain(name.toLowerCase());
});
