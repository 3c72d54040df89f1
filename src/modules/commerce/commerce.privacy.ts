// The commerce domain's part of a data-subject export: transactions and their lines. Erasure keeps
// them (amounts are accounting records) under the customer's id, which is now pseudonymous.
import { and, asc, eq, inArray } from 'drizzle-orm';
import { type CustomerDataSection, EXPORT_PAGE, tableSection } from '../../db/customer-data.ts';
import { transactionLines, transactions } from './commerce.schema.ts';

const customerTransactions = tableSection('transactions', transactions, transactions.id, (r) =>
  eq(transactions.customerId, r.customerId),
);

export const commerceDataSections: CustomerDataSection[] = [
  customerTransactions,
  {
    name: 'transactionLines',
    // The lines of each page of transactions: one indexed lookup per thousand transactions.
    async *pages(db, ref) {
      for await (const page of customerTransactions.pages(db, ref)) {
        const ids = page.map((t) => t.id as string);
        for (let i = 0; i < ids.length; i += EXPORT_PAGE / 4) {
          const rows = await db
            .select()
            .from(transactionLines)
            .where(
              and(
                eq(transactionLines.workspaceId, ref.workspaceId),
                inArray(transactionLines.transactionId, ids.slice(i, i + EXPORT_PAGE / 4)),
              ),
            )
            .orderBy(asc(transactionLines.transactionId), asc(transactionLines.lineNo));
          if (rows.length) yield rows;
        }
      }
    },
  },
];
