import { describe, expect, test } from 'vitest';
import {
  type AccountDto,
  checkProgram,
  eligibility,
  emptyProgram,
  explain,
  fieldOf,
  fromProgram,
  type LevelDto,
  type ProgramDto,
  type RewardDto,
  toProgramBody,
} from './model.ts';

const program: ProgramDto = {
  name: 'Club',
  pointsUnit: 'stars',
  status: 'active',
  pointsPerUnit: '1.5',
  rounding: 'nearest',
  multipliers: { categories: { Coffee: '2' }, products: {}, channels: { app: '1.25' }, tiers: { gold: '1.1' } },
  pendingDays: 14,
  expiryMonths: null,
  costPerPointMinor: '0.5',
  clawback: 'forgive',
  levelBasis: 'spend',
  qualificationMonths: 12,
  graceMonths: 3,
  earnFrom: null,
  queued: 0,
  updatedAt: '2026-01-01T00:00:00Z',
};

describe('program form', () => {
  test('round-trips the API shape, blanks expiry as never', () => {
    const form = fromProgram(program);
    expect(form.expiryMonths).toBe('');
    expect(form.multipliers.categories).toEqual([{ key: 'Coffee', factor: '2' }]);
    const body = toProgramBody(form, null);
    expect(body).toMatchObject({
      name: 'Club',
      pointsPerUnit: '1.5',
      expiryMonths: null,
      costPerPointMinor: '0.5',
      multipliers: { categories: { Coffee: '2' }, channels: { app: '1.25' }, tiers: { gold: '1.1' } },
      earnFrom: null,
    });
    expect(checkProgram(form)).toEqual({});
  });

  test('finds what the server would refuse, by field', () => {
    const form = {
      ...emptyProgram(),
      pointsPerUnit: '1,5',
      pendingDays: 400 as const,
      qualificationMonths: '' as const,
    };
    form.multipliers = {
      ...form.multipliers,
      categories: [
        { key: 'Tea', factor: '2' },
        { key: 'Tea', factor: '3' },
      ],
      channels: [{ key: 'web', factor: 'x' }],
    };
    const problems = checkProgram(form);
    expect(Object.keys(problems).sort()).toEqual([
      'multipliers.categories',
      'multipliers.channels',
      'name',
      'pendingDays',
      'pointsPerUnit',
      'qualificationMonths',
    ]);
    expect(problems['multipliers.categories']).toEqual({ key: 'loyalty.check.duplicate', values: { key: 'Tea' } });
  });

  test('server paths inside a multiplier map belong to the group', () => {
    expect(fieldOf('multipliers.categories.Coffee')).toBe('multipliers.categories');
    expect(fieldOf('pointsPerUnit')).toBe('pointsPerUnit');
  });
});

describe('which rewards a member may redeem', () => {
  const gold: LevelDto = {
    id: 'g',
    name: 'Gold',
    rank: 3,
    threshold: 0,
    earnMultiplier: '1',
    benefits: { prioritySupport: false, freeItems: [], perks: [] },
  };
  const silver: LevelDto = { ...gold, id: 's', name: 'Silver', rank: 2 };
  const account = { spendable: 500, level: silver } as AccountDto;
  const reward = {
    active: true,
    validFrom: null,
    validUntil: null,
    stock: null,
    minLevelId: null,
    pointsPrice: 300,
  } as unknown as RewardDto;
  const now = new Date('2026-06-01T00:00:00Z');
  test('affordable and open: yes', () =>
    expect(eligibility(reward, account, [gold, silver], now)).toEqual({ ok: true }));
  test('each reason, in the order the server checks', () => {
    expect(eligibility({ ...reward, pointsPrice: 800 }, account, [], now)).toEqual({
      ok: false,
      key: 'loyalty.redeem.why.points',
      values: { count: 300 },
    });
    expect(eligibility({ ...reward, stock: 0 }, account, [], now)).toMatchObject({
      key: 'loyalty.redeem.why.outOfStock',
    });
    expect(eligibility({ ...reward, minLevelId: 'g' }, account, [gold, silver], now)).toMatchObject({
      key: 'loyalty.redeem.why.level',
      values: { level: 'Gold' },
    });
    expect(eligibility({ ...reward, validUntil: '2026-06-01T00:00:00Z' }, account, [], now)).toMatchObject({
      key: 'loyalty.redeem.why.ended',
    });
    expect(eligibility({ ...reward, active: false }, account, [], now)).toMatchObject({
      key: 'loyalty.redeem.why.inactive',
    });
  });
});

describe('why an entry has its points', () => {
  test('an earn: spend and rate, each multiplier and bonus, the rounding', () => {
    const breakdown = {
      eligibleMinor: 1250,
      pointsPerUnit: '1',
      lines: [{ lineNo: 1, sku: 'ESP', amountMinor: 1250, multiplier: '2', rule: 'category:Coffee' }],
      multipliers: [
        { rule: 'channel:app', factor: '1.25' },
        { rule: 'promotion:p1', factor: '2' },
      ],
      bonuses: [{ rule: 'promotion:p2', name: 'Welcome', points: 50 }],
      exact: '62.5',
      rounding: 'floor',
      points: 112,
    };
    const why = explain(
      { kind: 'earn', breakdown, spendMinor: 1250 },
      (m) => `$${(m / 100).toFixed(2)}`,
      new Map([['p1', 'Double week']]),
    );
    expect(why.lines).toEqual([
      { key: 'loyalty.why.spend', values: { amount: '$12.50', rate: '1' } },
      { key: 'loyalty.why.rounded', values: { exact: '62.5', rounding: 'floor', points: 112 } },
    ]);
    expect(why.rules).toEqual([
      { rule: { key: 'loyalty.why.rule.category', values: { name: 'Coffee' } }, factor: '2' },
      { rule: { key: 'loyalty.why.rule.channel', values: { name: 'app' } }, factor: '1.25' },
      { rule: { key: 'loyalty.why.rule.promotion', values: { name: 'Double week' } }, factor: '2' },
      { rule: { key: 'loyalty.why.rule.bonus', values: { name: 'Welcome' } }, points: 50 },
    ]);
  });
  test('a redemption names its reward; an entry without a breakdown has no why', () => {
    expect(
      explain({ kind: 'redeem', breakdown: { rewardName: 'Free coffee' }, spendMinor: null }, String, new Map()).lines,
    ).toEqual([{ key: 'loyalty.why.redeemed', values: { name: 'Free coffee' } }]);
    expect(explain({ kind: 'adjust', breakdown: null, spendMinor: null }, String, new Map())).toEqual({
      lines: [],
      rules: [],
    });
  });
});
