// "My book": the signed-in person's customers by value at stake, with the book's KPIs (value,
// risk, retention against what the models expected, NPS).
import { Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMyBook } from '../../books-api.ts';
import { QueryCard } from '../../components/QueryCard.tsx';
import { useFormat } from '../../format.ts';
import { BookKpiStats } from './parts.tsx';

export function MyBookPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const book = useMyBook();
  return (
    <Stack gap="md" data-testid="my-book-page">
      <Title order={2}>{t('books.book.title')}</Title>
      <QueryCard title={t('books.book.kpis')} query={book} testId="my-book-kpis">
        {(d) => <BookKpiStats kpis={d.kpis} />}
      </QueryCard>
      <QueryCard
        title={t('books.book.customers')}
        query={book}
        testId="my-book-customers"
        isEmpty={(d) => d.customers.length === 0}
        empty={<Text c="dimmed">{t('books.book.empty')}</Text>}
      >
        {(d) => (
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('books.tasks.customer')}</Table.Th>
                <Table.Th ta="right">{t('books.book.clv')}</Table.Th>
                <Table.Th ta="right">{t('books.book.risk')}</Table.Th>
                <Table.Th ta="right">{t('books.valueAtStake')}</Table.Th>
                <Table.Th ta="right">{t('books.book.openTasks')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d.customers.map((c) => (
                <Table.Tr key={c.id} data-testid="my-book-row">
                  <Table.Td>
                    <Link to={`/customers/${c.id}`}>{c.name}</Link>
                  </Table.Td>
                  <Table.Td ta="right">{c.clvMinor === null ? '—' : f.money(c.clvMinor)}</Table.Td>
                  <Table.Td ta="right">{c.churnRisk === null ? '—' : f.percent(c.churnRisk)}</Table.Td>
                  <Table.Td ta="right">{f.money(c.valueAtStakeMinor)}</Table.Td>
                  <Table.Td ta="right">{f.number(c.openTasks)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </QueryCard>
    </Stack>
  );
}
