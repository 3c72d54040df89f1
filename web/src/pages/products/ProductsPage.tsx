// The product catalogue (GET /products): search by name or SKU, active or retired, with list price,
// unit cost and margin. Roles with products:write add and change products and retire or restore
// them (PATCH active; products are never deleted, past order lines refer to them).
import { Badge, Button, Group, SegmentedControl, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type MeDto, type Schemas } from '../../api.ts';
import { EmptyState, ErrorState, Loading } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';
import { formatMoney } from '../../lib/money.ts';
import { allowed } from '../../session.ts';
import { ProductModal } from './ProductModal.tsx';

type Product = Schemas['Product'];
type Shown = 'true' | 'false';

export function ProductsPage({ me }: { me: MeDto }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const qc = useQueryClient();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const [active, setActive] = useState<Shown>('true');
  const [editing, setEditing] = useState<Product | null | undefined>(undefined);
  const canWrite = allowed(me, 'products:write');
  const list = useInfiniteQuery({
    queryKey: ['products', 'list', q, active],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      api.GET('/products', {
        params: { query: { active, limit: 50, ...(q ? { q } : {}), ...(pageParam ? { cursor: pageParam } : {}) } },
      }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const toggle = useMutation({
    mutationFn: (p: Product) =>
      api.PATCH('/products/{id}', { params: { path: { id: p.id } }, body: { active: !p.active } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['products'] }),
  });
  const money = (minor: number, currency: string) => formatMoney(minor, currency, fmt.locale);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  let body;
  if (list.isPending) body = <Loading />;
  else if (list.isError) body = <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  else if (items.length === 0) body = <EmptyState title={t('products.none')}>{t('products.noneHint')}</EmptyState>;
  else
    body = (
      <Table.ScrollContainer minWidth={640}>
        <Table striped data-testid="products-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('products.name')}</Table.Th>
              <Table.Th>{t('products.sku')}</Table.Th>
              <Table.Th>{t('products.category')}</Table.Th>
              <Table.Th ta="right">{t('products.price')}</Table.Th>
              <Table.Th ta="right">{t('products.cost')}</Table.Th>
              <Table.Th ta="right">{t('products.margin')}</Table.Th>
              {canWrite && <Table.Th />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((p) => (
              <Table.Tr key={p.id} data-testid="product-row">
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm" fw={500}>
                      {p.name}
                    </Text>
                    {!p.active && (
                      <Badge size="xs" color="gray" variant="light">
                        {t('products.retired')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>{p.sku}</Table.Td>
                <Table.Td>{p.category ?? '—'}</Table.Td>
                <Table.Td ta="right">{money(p.listPriceMinor, p.currency)}</Table.Td>
                <Table.Td ta="right">{money(p.unitCostMinor, p.currency)}</Table.Td>
                <Table.Td ta="right">
                  {p.listPriceMinor > 0 ? fmt.percent((p.listPriceMinor - p.unitCostMinor) / p.listPriceMinor) : '—'}
                </Table.Td>
                {canWrite && (
                  <Table.Td>
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      <Button size="xs" variant="subtle" onClick={() => setEditing(p)}>
                        {t('products.edit')}
                      </Button>
                      <Button
                        size="xs"
                        variant="subtle"
                        color={p.active ? 'red' : 'teal'}
                        loading={toggle.isPending && toggle.variables?.id === p.id}
                        onClick={() => toggle.mutate(p)}
                        data-testid="product-toggle"
                      >
                        {t(p.active ? 'products.retire' : 'products.restore')}
                      </Button>
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('products.title')}</Title>
        {canWrite && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing(null)} data-testid="product-add">
            {t('products.add')}
          </Button>
        )}
      </Group>
      <Group>
        <TextInput
          leftSection={<IconSearch size={16} />}
          placeholder={t('products.search')}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          aria-label={t('products.search')}
        />
        <SegmentedControl
          value={active}
          onChange={(v) => setActive(v as Shown)}
          data={[
            { value: 'true', label: t('products.active') },
            { value: 'false', label: t('products.retiredList') },
          ]}
        />
      </Group>
      {toggle.isError && <ErrorState error={toggle.error} />}
      {body}
      {list.hasNextPage && (
        <Group justify="center">
          <Button variant="default" loading={list.isFetchingNextPage} onClick={() => list.fetchNextPage()}>
            {t('products.more')}
          </Button>
        </Group>
      )}
      {editing !== undefined && <ProductModal product={editing} onClose={() => setEditing(undefined)} />}
    </Stack>
  );
}
