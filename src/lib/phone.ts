// Owns phone normalisation to E.164. Numbers with a + or 00 prefix are international; others
// take the workspace's default country code (from its currency), else they are refused.
import { type Problem, problem } from './problems.ts';
const countryCodeByCurrency: Record<string, string> = {
  BRL: '55',
  USD: '1',
  CAD: '1',
  MXN: '52',
  ARS: '54',
  CLP: '56',
  COP: '57',
  PEN: '51',
  UYU: '598',
  EUR: '34',
  GBP: '44',
};

export function defaultCountryCode(currency: string): string | undefined {
  return countryCodeByCurrency[currency];
}

// Module constants: a regular-expression literal is a new object each time it is evaluated (an
// import normalises a phone per customer). replace() starts a global one from 0 each time.
const phoneCharacters = /^[+\d\s().-]+$/;
const notDigits = /\D/g;
const leadingZeros = /^0+/;

export type PhoneResult = { ok: true; e164: string } | ({ ok: false } & Problem);

export function normalizePhone(raw: string, countryCode?: string): PhoneResult {
  const trimmed = raw.trim();
  if (!phoneCharacters.test(trimmed)) return { ok: false, ...problem('phone_characters') };
  const digits = trimmed.replace(notDigits, '');
  let international: string;
  if (trimmed.startsWith('+')) international = digits;
  else if (digits.startsWith('00')) international = digits.slice(2);
  else if (countryCode) international = countryCode + digits.replace(leadingZeros, '');
  else return { ok: false, ...problem('phone_country') };
  if (international.length < 8 || international.length > 15) return { ok: false, ...problem('phone_digits') };
  if (international.startsWith('0')) return { ok: false, ...problem('phone_zero') };
  return { ok: true, e164: `+${international}` };
}
