// Owns the rules a transaction and its lines meet, whichever path records it: the API (one, a
// batch, a return) and the bulk path (imports, demo data) call these same functions, so the same
// bad input gets the same answer everywhere. Formats (a number, a date) are read at each edge
// (zod, import cells); what the values must be is decided here. The database holds the last rule
// too: a trigger refuses a return line beyond what is left of its purchase line (migration 0017).
import type { FieldError } from '../../errors.ts';
import { inRange, latestPurchaseAt } from '../../lib/dates.ts';
import { problem } from '../../lib/problems.ts';
import { extend, quantityToThousandths, thousandthsToQuantity } from '../../lib/money.ts';

/** The largest amount in minor units a line may carry (10^13: a hundred billion in a 2-decimal currency). */
export const maxMinor = 1e13;
export const amountMessage = 'must be a whole number of minor units from 0 to 10000000000000';
/** Quantities are thousandths; up to 9 integer digits. */
const maxThousandths = 1e12;
export const quantityMessage = 'must be a positive number with at most 3 decimals';

/** A line's values once resolved (product defaults applied); quantity in thousandths. */
export type LineValues = { qty: number; price: number; cost: number; discount: number };

const wholeAmount = (v: number) => Number.isInteger(v) && v >= 0 && v <= maxMinor;

/** A purchase or return is dated within 1900..2200 and at most a year ahead of `now`. */
export function checkOccurredAt(at: Date, now: Date): FieldError[] {
  if (!inRange(at)) return [{ path: 'occurredAt', ...problem('date_range') }];
  if (at > latestPurchaseAt(now)) return [{ path: 'occurredAt', ...problem('too_far_ahead') }];
  return [];
}

/**
 * The date, currency and lines of a purchase or a return. Paths are those of the API body
 * (`occurredAt`, `lines.0.quantity`…); the import names the matching column.
 */
export function checkTransaction(
  t: { occurredAt: Date; currency?: string | null; lines: LineValues[] },
  rules: { now: Date; currency: string },
): FieldError[] {
  const errors = checkOccurredAt(t.occurredAt, rules.now);
  if (t.currency && t.currency !== rules.currency)
    errors.push({ path: 'currency', ...problem('currency', { currency: rules.currency }) });
  if (t.lines.length === 0) errors.push({ path: 'lines', ...problem('no_lines') });
  if (t.lines.length > 500) errors.push({ path: 'lines', ...problem('too_many_lines') });
  t.lines.forEach((l, i) => {
    if (!Number.isInteger(l.qty) || l.qty <= 0 || l.qty >= maxThousandths)
      errors.push({ path: `lines.${i}.quantity`, ...problem('positive_decimal') });
    // Field by field, not over Object.entries of an object made for it: this runs for every line an import reads.
    if (!wholeAmount(l.price)) errors.push({ path: `lines.${i}.unitPriceMinor`, ...problem('amount') });
    if (!wholeAmount(l.cost)) errors.push({ path: `lines.${i}.unitCostMinor`, ...problem('amount') });
    if (!wholeAmount(l.discount)) errors.push({ path: `lines.${i}.discountMinor`, ...problem('amount') });
    if (l.discount > extend(l.price, l.qty)) errors.push({ path: `lines.${i}.discountMinor`, ...problem('discount') });
  });
  return errors;
}

/** The purchase a return names: it must exist, be a purchase and, when the return names a customer, be theirs. */
export function checkOriginal(
  original: { kind: string; customerId: string } | undefined,
  customerId?: string,
): FieldError[] {
  if (!original) return [{ path: 'originalExternalId', ...problem('no_original') }];
  if (original.kind !== 'purchase') return [{ path: 'originalExternalId', ...problem('not_a_purchase') }];
  if (customerId && customerId !== original.customerId)
    return [{ path: 'customerExternalId', ...problem('other_customer') }];
  return [];
}

/** A line of the purchase, as stored. */
export type BoughtLine = {
  lineNo: number;
  productId: string | null;
  sku: string | null;
  quantity: string;
  unitPriceMinor: number;
  unitCostMinor: number;
  discountMinor: number;
};

export const boughtThousandths = (l: BoughtLine): number => quantityToThousandths(String(Number(l.quantity)));

/** What is left to return of each line of a purchase (thousandths), given what its returns took. */
export function leftToReturn(bought: BoughtLine[], returned: Map<number, number>): Map<number, number> {
  return new Map(bought.map((l) => [l.lineNo, boughtThousandths(l) - (returned.get(l.lineNo) ?? 0)]));
}

/**
 * The lines of a return: each names a line of its purchase (`lineNo`) and takes no more than is
 * left of it; a line named twice counts twice. On success `left` is reduced, so several returns
 * checked one after another (a batch) add up as the database will count them.
 */
export function checkReturnLines(
  bought: BoughtLine[],
  left: Map<number, number>,
  wanted: { lineNo: number; qty: number }[],
): { lines: { line: BoughtLine; qty: number }[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const taking = new Map<number, number>();
  const lines = wanted.flatMap((w, i) => {
    const line = bought.find((l) => l.lineNo === w.lineNo);
    if (!line) {
      errors.push({ path: `lines.${i}.lineNo`, ...problem('no_line') });
      return [];
    }
    const available = (left.get(line.lineNo) ?? 0) - (taking.get(line.lineNo) ?? 0);
    if (w.qty > available)
      errors.push({
        path: `lines.${i}.quantity`,
        ...problem('left_to_return', { quantity: thousandthsToQuantity(available) }),
      });
    taking.set(line.lineNo, (taking.get(line.lineNo) ?? 0) + w.qty);
    return w.qty === 0 ? [] : [{ line, qty: w.qty }];
  });
  if (errors.length === 0) for (const [lineNo, qty] of taking) left.set(lineNo, (left.get(lineNo) ?? 0) - qty);
  return { lines: errors.length ? [] : lines, errors };
}

/**
 * The purchase line a return line of the bulk path returns, when the row names none: the first
 * line with the same product (or SKU) that still has enough left, else the first with that product.
 */
export function matchBoughtLine(
  bought: BoughtLine[],
  left: Map<number, number>,
  l: { productId: string | null; sku: string | null; qty: number },
): number | undefined {
  const same = bought.filter((b) => (l.productId ? b.productId === l.productId : b.sku === l.sku));
  return (same.find((b) => (left.get(b.lineNo) ?? 0) >= l.qty) ?? same[0])?.lineNo;
}
