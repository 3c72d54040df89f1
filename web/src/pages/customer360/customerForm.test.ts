import { describe, expect, test } from 'vitest';
import type { CustomerDto } from '../../api.ts';
import { fromCustomer, toPatch, validate } from './customerForm.ts';

const customer: CustomerDto = {
  id: '0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11',
  kind: 'person',
  name: 'Ana Souza',
  email: 'ana@example.com',
  phone: null,
  otherEmails: [],
  otherPhones: [],
  address: { city: 'São Paulo' },
  locale: 'pt-BR',
  birthDate: null,
  externalId: 'C-1',
  acquiredAt: '2024-03-01T03:00:00.000Z',
  acquisitionChannel: null,
  status: 'active',
  defectedAt: null,
  defectionReason: null,
  accountManagerId: null,
  tags: ['vip'],
  customFields: { plan: 'pro' },
  preferredChannels: [],
  declaredWalletMinor: 1234567,
  createdAt: '2024-03-01T03:00:00.000Z',
  updatedAt: '2024-03-01T03:00:00.000Z',
};
const zone = { timeZone: 'America/Sao_Paulo', currency: 'BRL' };
const messages = {
  required: 'req',
  email: 'email',
  country: 'country',
  notNegative: 'neg',
  defectedDay: 'when',
  futureDate: 'future',
};

describe('customer edit form', () => {
  test('shows stored values in the workspace zone and currency', () => {
    const f = fromCustomer(customer, zone);
    expect(f).toMatchObject({
      acquiredDay: '2024-03-01',
      wallet: 12345.67,
      address: { city: 'São Paulo', country: '' },
      email: 'ana@example.com',
      phone: '',
    });
  });

  test('an untouched form patches nothing; edits patch exactly what changed', () => {
    const before = fromCustomer(customer, zone);
    expect(toPatch(before, before, zone)).toEqual({});
    const after = {
      ...before,
      email: '  ',
      tags: ['vip', 'gold'],
      wallet: 100.1 as const,
      acquiredDay: '2024-03-02',
      address: { ...before.address, country: 'br' },
      customFields: { plan: '' },
    };
    expect(toPatch(before, after, zone)).toEqual({
      email: null,
      tags: ['vip', 'gold'],
      declaredWalletMinor: 10010,
      acquiredAt: '2024-03-02T03:00:00.000Z',
      address: { city: 'São Paulo', country: 'BR' },
      customFields: { plan: null },
    });
    expect(
      toPatch(
        before,
        { ...before, address: { line1: '', line2: '', city: '', region: '', postalCode: '', country: '' }, wallet: '' },
        zone,
      ),
    ).toEqual({ address: null, declaredWalletMinor: null });
  });

  test('checks what it can before the server, in the screen language', () => {
    const f = fromCustomer(customer, zone);
    const tier = {
      id: 'x',
      key: 'tier',
      label: 'Tier',
      type: 'text' as const,
      options: [],
      required: true,
      createdAt: '',
    };
    expect(validate(f, messages, '2026-01-01', [tier])).toEqual({});
    const bad = {
      ...f,
      name: ' ',
      email: 'nope',
      status: 'defected' as const,
      birthDate: '2030-01-01',
      wallet: -1,
      address: { ...f.address, country: 'Brazil' },
      customFields: { tier: '' },
    };
    expect(validate(bad, messages, '2026-01-01', [tier])).toEqual({
      name: 'req',
      email: 'email',
      defectedAt: 'when',
      birthDate: 'future',
      declaredWalletMinor: 'neg',
      'address.country': 'country',
      'customFields.tier': 'req',
    });
  });
});
