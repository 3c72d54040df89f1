// The customer edit form's state, its checks, and the PATCH body it makes: only what changed,
// blanks sent as null (clear), days turned into instants in the workspace's time zone.
import type { Address, CustomerDto, CustomFieldDto, UpdateCustomerInput } from '../../api.ts';
import { dayOf, dayStart } from '../../lib/dates.ts';
import { toMajor, toMinor } from '../../lib/money.ts';

export type AddressForm = Required<{ [K in keyof Address]: string }>;
export type CustomerForm = {
  name: string;
  kind: CustomerDto['kind'];
  email: string;
  phone: string;
  otherEmails: string[];
  otherPhones: string[];
  locale: string;
  birthDate: string;
  externalId: string;
  acquiredDay: string;
  acquisitionChannel: string;
  status: CustomerDto['status'];
  defectedDay: string;
  defectionReason: string;
  accountManagerId: string;
  tags: string[];
  preferredChannels: string[];
  wallet: number | '';
  address: AddressForm;
  customFields: Record<string, unknown>;
};

type Zone = { timeZone: string; currency: string };
const addressKeys = ['line1', 'line2', 'city', 'region', 'postalCode', 'country'] as const;

export function fromCustomer(c: CustomerDto, zone: Zone): CustomerForm {
  return {
    name: c.name,
    kind: c.kind,
    email: c.email ?? '',
    phone: c.phone ?? '',
    otherEmails: c.otherEmails,
    otherPhones: c.otherPhones,
    locale: c.locale ?? '',
    birthDate: c.birthDate ?? '',
    externalId: c.externalId ?? '',
    acquiredDay: c.acquiredAt ? dayOf(c.acquiredAt, zone.timeZone) : '',
    acquisitionChannel: c.acquisitionChannel ?? '',
    status: c.status,
    defectedDay: c.defectedAt ? dayOf(c.defectedAt, zone.timeZone) : '',
    defectionReason: c.defectionReason ?? '',
    accountManagerId: c.accountManagerId ?? '',
    tags: c.tags,
    preferredChannels: c.preferredChannels,
    wallet: c.declaredWalletMinor === null ? '' : toMajor(c.declaredWalletMinor, zone.currency),
    address: Object.fromEntries(addressKeys.map((k) => [k, c.address?.[k] ?? ''])) as AddressForm,
    customFields: { ...c.customFields },
  };
}

/** Error keys are the API's field paths, so server and client errors land on the same field. */
export type FormErrors = Record<string, string>;
export type Messages = {
  required: string;
  email: string;
  country: string;
  notNegative: string;
  defectedDay: string;
  futureDate: string;
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The checks worth making before asking the server, with messages in the screen's language. */
export function validate(f: CustomerForm, m: Messages, today: string, defs: CustomFieldDto[]): FormErrors {
  const e: FormErrors = {};
  if (!f.name.trim()) e.name = m.required;
  if (f.email.trim() && !EMAIL.test(f.email.trim())) e.email = m.email;
  if (f.otherEmails.some((x) => !EMAIL.test(x.trim()))) e.otherEmails = m.email;
  if (f.address.country.trim() && !/^[A-Za-z]{2}$/.test(f.address.country.trim())) e['address.country'] = m.country;
  if (f.wallet !== '' && f.wallet < 0) e.declaredWalletMinor = m.notNegative;
  if (f.birthDate && f.birthDate > today) e.birthDate = m.futureDate;
  if (f.status === 'defected' && !f.defectedDay) e.defectedAt = m.defectedDay;
  // As the server does on update: a required field may stay unset, but not be emptied.
  for (const d of defs) {
    const v = f.customFields[d.key];
    if (d.required && d.key in f.customFields && (v === null || v === '' || (Array.isArray(v) && v.length === 0)))
      e[`customFields.${d.key}`] = m.required;
  }
  return e;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const blankToNull = (v: string) => (v.trim() === '' ? null : v.trim());

/** The PATCH body: the fields that differ from `before`. */
export function toPatch(before: CustomerForm, f: CustomerForm, zone: Zone): UpdateCustomerInput {
  const p: Record<string, unknown> = {};
  const text = [
    'email',
    'phone',
    'locale',
    'birthDate',
    'externalId',
    'acquisitionChannel',
    'defectionReason',
    'accountManagerId',
  ] as const;
  if (f.name !== before.name) p.name = f.name.trim();
  if (f.kind !== before.kind) p.kind = f.kind;
  if (f.status !== before.status) p.status = f.status;
  for (const k of text) if (f[k] !== before[k]) p[k] = blankToNull(f[k]);
  if (f.acquiredDay !== before.acquiredDay)
    p.acquiredAt = f.acquiredDay ? dayStart(f.acquiredDay, zone.timeZone) : null;
  if (f.defectedDay !== before.defectedDay)
    p.defectedAt = f.defectedDay ? dayStart(f.defectedDay, zone.timeZone) : null;
  for (const k of ['otherEmails', 'otherPhones', 'tags', 'preferredChannels'] as const)
    if (!same(f[k], before[k])) p[k] = f[k].map((x) => x.trim()).filter(Boolean);
  if (f.wallet !== before.wallet) p.declaredWalletMinor = f.wallet === '' ? null : toMinor(f.wallet, zone.currency);
  if (!same(f.address, before.address)) {
    const address = Object.fromEntries(
      addressKeys.flatMap((k) =>
        f.address[k].trim() ? [[k, k === 'country' ? f.address[k].trim().toUpperCase() : f.address[k].trim()]] : [],
      ),
    );
    p.address = Object.keys(address).length ? address : null;
  }
  // Custom fields are written as a whole object; a cleared value is sent as null.
  if (!same(f.customFields, before.customFields)) {
    p.customFields = Object.fromEntries(
      Object.entries(f.customFields).map(([k, v]) => [k, v === '' || (Array.isArray(v) && v.length === 0) ? null : v]),
    );
  }
  return p as UpdateCustomerInput;
}
