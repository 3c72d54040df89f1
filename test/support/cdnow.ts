// The CDNOW 1/10 sample from ../shared/data/cdnow (see its README): the raw transaction log and
// the published calibration summary (calibration end 1997-09-30, weeks). null when absent.
import fs from 'node:fs';
import { missingDataMessage, sharedDataFile } from './shared-data.ts';

export const cdnowMissing = missingDataMessage('the CDNOW data (cdnow/)');

export type CdnowTransaction = { customerId: string; date: string; cds: number; amount: number };
export type CdnowSummaryRow = { id: string; x: number; tx: number; T: number; zbar: number };

/** The data lines of a file in ../shared/data/cdnow (after `skip` header lines), or null when it is absent. */
function cdnowLines(name: string, skip = 0): string[] | null {
  const file = sharedDataFile('cdnow', name);
  return file ? fs.readFileSync(file, 'utf8').trim().split('\n').slice(skip) : null;
}

/** `master_id sample_id YYYYMMDD cds dollars`, whitespace separated, as ISO dates. */
export function cdnowTransactions(): CdnowTransaction[] | null {
  return (
    cdnowLines('CDNOW_sample.txt')?.map((line) => {
      const [, id, ymd, cds, dollars] = line.trim().split(/\s+/);
      return {
        customerId: String(Number(id)),
        date: `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}`,
        cds: Number(cds),
        amount: Number(dollars),
      };
    }) ?? null
  );
}

/** cdnow_customers_summary_with_transactions.csv: ID,x,t_x,T,zbar (rounded to 2 decimals). */
export function cdnowSummary(): CdnowSummaryRow[] | null {
  return (
    cdnowLines('cdnow_customers_summary_with_transactions.csv', 1)?.map((line) => {
      const [id, x, tx, T, zbar] = line.split(',');
      return { id, x: Number(x), tx: Number(tx), T: Number(T), zbar: Number(zbar) };
    }) ?? null
  );
}

/** cdnow_customers_summary.csv: ID,frequency,recency,T. */
export function cdnowFrequencySummary(): CdnowSummaryRow[] | null {
  return (
    cdnowLines('cdnow_customers_summary.csv', 1)?.map((line) => {
      const [id, x, tx, T] = line.split(',');
      return { id, x: Number(x), tx: Number(tx), T: Number(T), zbar: Number.NaN };
    }) ?? null
  );
}

export const columns = (rows: CdnowSummaryRow[]) => ({
  x: rows.map((r) => r.x),
  tx: rows.map((r) => r.tx),
  T: rows.map((r) => r.T),
});
