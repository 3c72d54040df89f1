import { describe, expect, test } from 'vitest';
import {
  narrowingCount,
  parseCustomFieldFilter,
  readFilters,
  sameFilters,
  toSearchParams,
  writeCustomFieldFilter,
} from './filters.ts';

describe('customer list filters in the URL', () => {
  test('read only known, non-empty parameters; the default sort is implied', () => {
    const filters = readFilters(new URLSearchParams('q=%20ana%20&status=active&tag=&sort=-createdAt&view=abc&evil=1'));
    expect(filters).toEqual({ q: 'ana', status: 'active' });
    expect(narrowingCount(filters)).toBe(1);
  });

  test('tier and RFM segment links from the analytics screens arrive as filters', () => {
    const filters = readFilters(new URLSearchParams('tier=platinum&rfmSegment=at_risk'));
    expect(filters).toEqual({ tier: 'platinum', rfmSegment: 'at_risk' });
    expect(narrowingCount(filters)).toBe(2);
  });

  test('write back with the saved view id, and compare regardless of order and defaults', () => {
    expect(toSearchParams({ sort: 'name', tag: 'vip' }, 'v1').toString()).toBe('tag=vip&sort=name&view=v1');
    expect(sameFilters({ tag: 'vip', sort: '-createdAt' }, { tag: 'vip' })).toBe(true);
    expect(sameFilters({ tag: 'vip' }, { tag: 'vip', status: 'active' })).toBe(false);
  });

  test('custom field filters round-trip through the API format', () => {
    expect(parseCustomFieldFilter('plan:pro,vip:true,broken')).toEqual({ plan: 'pro', vip: 'true' });
    expect(writeCustomFieldFilter({ plan: 'pro', vip: undefined, tier: '' })).toBe('plan:pro');
    expect(writeCustomFieldFilter({})).toBeUndefined();
  });
});
