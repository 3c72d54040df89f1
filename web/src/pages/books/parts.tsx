// Pieces the book and people screens share: a book's KPIs, and retention against what the models
// expected (the fair comparison: actual − expected with its 95 % interval, or the counts).
import { SimpleGrid, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { BookKpisDto, FiguresDto } from '../../books-api.ts';
import { Stat } from '../../components/Stat.tsx';
import { useFormat } from '../../format.ts';

type Retention = FiguresDto['retention'];

export function RetentionVsExpected({ r }: { r: Retention }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (r.base === 0) return <Text c="dimmed">{t('books.retention.noBase')}</Text>;
  return (
    <div>
      <Text size="sm">
        {t('books.retention.counts', { retained: f.number(r.retained), base: f.number(r.base) })}
        {r.actual !== null && ` (${f.percent(r.actual, { digits: 1 })})`}
      </Text>
      {r.expected !== null && r.difference !== null && r.low !== null && r.high !== null ? (
        <Text size="xs" c={r.low > 0 ? 'green' : r.high < 0 ? 'red' : 'dimmed'}>
          {t('books.retention.vsExpected', {
            expected: f.percent(r.expected, { digits: 1 }),
            difference: f.percent(r.difference, { digits: 1, signed: true }),
            low: f.percent(r.low, { digits: 1, signed: true }),
            high: f.percent(r.high, { digits: 1, signed: true }),
          })}
        </Text>
      ) : (
        <Text size="xs" c="dimmed">
          {t('books.retention.noExpectation')}
        </Text>
      )}
    </div>
  );
}

export function BookKpiStats({ kpis }: { kpis: BookKpisDto }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <SimpleGrid cols={{ base: 2, md: 3, lg: 6 }}>
      <Stat label={t('books.book.customerCount')} value={f.number(kpis.customers)} testId="book-customers" />
      <Stat label={t('books.book.predictedValue')} value={f.money(kpis.predictedValueMinor)} />
      <Stat label={t('books.book.atRisk')} value={f.number(kpis.atRisk)} />
      <Stat label={t('books.book.expectedLoss')} value={f.money(kpis.expectedLossMinor)} />
      <Stat
        label={t('books.book.nps')}
        value={kpis.nps.nps === null ? '—' : `${f.number(Math.round(kpis.nps.nps))} (n = ${f.number(kpis.nps.n)})`}
      />
      <div>
        <Text size="xs" c="dimmed">
          {t('books.book.retention')}
        </Text>
        <RetentionVsExpected r={kpis.retention} />
      </div>
    </SimpleGrid>
  );
}
