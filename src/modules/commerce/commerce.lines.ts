// Owns the arithmetic of transaction lines: totals, cost and item count from quantities and
// prices, exact in minor units; a return's lines are the same sums with the sign turned.
import { extend, thousandthsToQuantity } from '../../lib/money.ts';

export type { Ctx } from '../../deps.ts';

/** Totals from lines: total = Σ(round(qty × price) − discount), cost = Σ round(qty × cost). */
export function computeLines(
  transactionId: string,
  workspaceId: string,
  lines: {
    productId: string | null;
    sku: string | null;
    qty: number;
    price: number;
    cost: number;
    discount: number;
    /** On a return: the line of the purchase it returns. */
    originalLineNo?: number;
  }[],
  sign: 1 | -1,
) {
  let total = 0;
  let cost = 0;
  let discount = 0;
  let items = 0;
  // A loop, not map: its closure and context were made for every transaction an import writes.
  const rows = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const lineTotal = sign * (extend(l.price, l.qty) - l.discount);
    total += lineTotal;
    cost += sign * extend(l.cost, l.qty);
    discount += sign * l.discount;
    items += Math.ceil(l.qty / 1000);
    rows.push({
      workspaceId,
      transactionId,
      lineNo: i + 1,
      productId: l.productId,
      sku: l.sku,
      quantity: thousandthsToQuantity(l.qty),
      unitPriceMinor: l.price,
      unitCostMinor: l.cost,
      discountMinor: l.discount,
      totalMinor: lineTotal,
      originalLineNo: l.originalLineNo ?? null,
    });
  }
  return { rows, total, cost, discount, items };
}
