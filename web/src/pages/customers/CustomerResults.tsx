// The customers found: a table on wider screens (with each customer's value: tier, predicted
// CLV, P(alive), churn risk when there is any, last purchase, points; sortable headers; row
// checkboxes for bulk actions), cards on phones; both keyboard reachable (each customer's name is
// a link), with "load more" and loading as the end of the list comes into view.
import { Anchor, Badge, Button, Card, Center, Checkbox, Group, Skeleton, Stack, Table, Text } from '@mantine/core';
import { useIntersection, useMediaQuery } from '@mantine/hooks';
import { IconBuilding, IconUser } from '@tabler/icons-react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import type { CustomerDto, CustomerListItemDto, MeDto } from '../../api.ts';
import { StatusBadge, Tags } from '../../components/CustomerBadges.tsx';
import { type Format, useFormat } from '../../format.ts';
import { useLabel } from '../../labels.ts';
import { useMembers } from '../../members.ts';
import { SortHeader } from './SortHeader.tsx';

/** Which rows are picked for a bulk action; `all`: every customer the filters match. */
export type Selection = { ids: Set<string>; all: boolean };

type Props = {
  me: MeDto;
  customers: CustomerListItemDto[];
  hasMore: boolean;
  loadingMore: boolean;
  onMore: () => void;
  sort: string;
  onSort: (sort: string) => void;
  /** Absent when the person may not act on customers in bulk (no checkboxes). */
  selection?: Selection;
  onSelect?: (selection: Selection) => void;
};

const tierColors: Record<string, string> = { platinum: 'violet', gold: 'yellow', iron: 'gray', lead: 'dark' };

/** Where the 360's back link returns: this list with its filters. */
function useBack() {
  const location = useLocation();
  return { back: `${location.pathname}${location.search}` };
}

const since = (c: CustomerDto, fmt: Format) => fmt.date(c.acquiredAt ?? c.createdAt);
const KindIcon = ({ kind }: { kind: CustomerDto['kind'] }) =>
  kind === 'company' ? <IconBuilding size={16} aria-hidden /> : <IconUser size={16} aria-hidden />;

function useManagerName(me: MeDto) {
  const { t } = useTranslation();
  const { enabled, byId } = useMembers(me);
  return (id: string | null) => {
    if (!id) return '—';
    if (id === me.user?.id) return t('customers.you');
    return byId.get(id)?.name ?? (enabled ? '—' : t('customers.assigned'));
  };
}

const dash = '—';

function CustomerTable({
  me,
  customers,
  sort,
  onSort,
  selection,
  onSelect,
}: Omit<Props, 'hasMore' | 'loadingMore' | 'onMore'>) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const label = useLabel();
  const navigate = useNavigate();
  const managerName = useManagerName(me);
  const back = useBack();
  // Churn risk is a column only where a churn run has scored someone.
  const withRisk = customers.some((c) => c.values.churnRisk !== null);
  const header = (column: string, text: string, firstDirection: 'asc' | 'desc' = 'desc') => (
    <SortHeader column={column} sort={sort} onSort={onSort} firstDirection={firstDirection}>
      {text}
    </SortHeader>
  );
  const picked = (id: string) => Boolean(selection && (selection.all || selection.ids.has(id)));
  const allShown = customers.length > 0 && customers.every((c) => picked(c.id));
  const toggle = (id: string) => {
    if (!selection || !onSelect) return;
    const ids = new Set(selection.all ? customers.map((c) => c.id) : selection.ids);
    if (ids.has(id)) ids.delete(id);
    else ids.add(id);
    onSelect({ ids, all: false });
  };
  return (
    <Table.ScrollContainer minWidth={1180}>
      <Table highlightOnHover verticalSpacing="sm" data-testid="customer-table">
        <Table.Thead>
          <Table.Tr>
            {selection && onSelect && (
              <Table.Th w={36}>
                <Checkbox
                  aria-label={t('customers.bulk.selectShown')}
                  checked={allShown}
                  indeterminate={!allShown && selection.ids.size > 0}
                  onChange={() =>
                    onSelect({ ids: allShown ? new Set() : new Set(customers.map((c) => c.id)), all: false })
                  }
                />
              </Table.Th>
            )}
            {header('name', t('customers.columns.name'), 'asc')}
            <Table.Th>{t('customers.columns.contact')}</Table.Th>
            <Table.Th>{t('customers.columns.status')}</Table.Th>
            {header('tier', t('customers.columns.tier'))}
            {header('predictedClv', t('customers.columns.predictedClv'))}
            {header('pAlive', t('customers.columns.pAlive'))}
            {withRisk && header('churnRisk', t('customers.columns.churnRisk'))}
            {header('lastPurchaseAt', t('customers.columns.lastPurchase'))}
            {header('points', t('customers.columns.points'))}
            <Table.Th>{t('customers.columns.tags')}</Table.Th>
            <Table.Th>{t('customers.columns.accountManager')}</Table.Th>
            {header('createdAt', t('customers.columns.since'))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {customers.map((c) => (
            <Table.Tr
              key={c.id}
              style={{ cursor: 'pointer' }}
              onClick={() => navigate(`/customers/${c.id}`, { state: back })}
            >
              {selection && onSelect && (
                <Table.Td onClick={(e) => e.stopPropagation()}>
                  <Checkbox
                    aria-label={t('customers.bulk.selectRow', { name: c.name })}
                    checked={picked(c.id)}
                    onChange={() => toggle(c.id)}
                  />
                </Table.Td>
              )}
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  <KindIcon kind={c.kind} />
                  <Anchor
                    component={Link}
                    to={`/customers/${c.id}`}
                    state={back}
                    fw={600}
                    onClick={(e) => e.stopPropagation()}
                    data-result
                  >
                    {c.name}
                  </Anchor>
                </Group>
                {c.externalId && (
                  <Text size="xs" c="dimmed">
                    {c.externalId}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{c.email ?? '—'}</Text>
                {c.phone && (
                  <Text size="xs" c="dimmed">
                    {c.phone}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <StatusBadge status={c.status} />
              </Table.Td>
              <Table.Td>
                {c.values.tier ? (
                  <Badge variant="light" color={tierColors[c.values.tier]} style={{ overflow: 'visible' }}>
                    {label('tier', c.values.tier)}
                  </Badge>
                ) : (
                  dash
                )}
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {c.values.predictedClv === null ? dash : fmt.money(c.values.predictedClv)}
              </Table.Td>
              <Table.Td ta="right">{c.values.pAlive === null ? dash : fmt.percent(c.values.pAlive, 0)}</Table.Td>
              {withRisk && (
                <Table.Td ta="right">
                  {c.values.churnRisk === null ? dash : fmt.percent(c.values.churnRisk, 0)}
                </Table.Td>
              )}
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {c.values.lastPurchaseAt ? fmt.date(c.values.lastPurchaseAt) : dash}
              </Table.Td>
              <Table.Td ta="right">{c.values.points === null ? dash : fmt.number(c.values.points)}</Table.Td>
              <Table.Td>
                <Tags tags={c.tags} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{managerName(c.accountManagerId)}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{since(c, fmt)}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function CustomerCards({ customers }: { customers: CustomerDto[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const back = useBack();
  return (
    <Stack gap="xs" data-testid="customer-cards">
      {customers.map((c) => (
        <Card
          key={c.id}
          withBorder
          padding="sm"
          component={Link}
          to={`/customers/${c.id}`}
          state={back}
          aria-label={c.name}
          data-result
        >
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
              <KindIcon kind={c.kind} />
              <Text fw={600} truncate>
                {c.name}
              </Text>
            </Group>
            <StatusBadge status={c.status} />
          </Group>
          <Text size="sm" c="dimmed" truncate>
            {[c.email, c.phone].filter(Boolean).join(' · ') || '—'}
          </Text>
          <Group justify="space-between" mt={4} wrap="nowrap">
            <Tags tags={c.tags} max={2} />
            <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
              {t('customers.sinceShort', { date: since(c, fmt) })}
            </Text>
          </Group>
        </Card>
      ))}
    </Stack>
  );
}

/** Up and down arrows move between customers; from the search box, down enters the list. */
export function focusResult(from: Element | null, step: 1 | -1 | 'first'): boolean {
  const links = [...document.querySelectorAll<HTMLElement>('[data-result]')];
  const at = from ? links.indexOf(from as HTMLElement) : -1;
  const next = step === 'first' ? links[0] : links[at + step];
  next?.focus();
  return Boolean(next);
}

export function ResultsSkeleton() {
  return (
    <Stack gap="xs" aria-hidden>
      {Array.from({ length: 8 }, (_, i) => (
        <Skeleton key={i} height={44} radius="sm" />
      ))}
    </Stack>
  );
}

export function CustomerResults({ me, customers, hasMore, loadingMore, onMore, ...table }: Props) {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const { ref, entry } = useIntersection({ rootMargin: '300px' });
  useEffect(() => {
    if (entry?.isIntersecting && hasMore && !loadingMore) onMore();
  }, [entry?.isIntersecting, hasMore, loadingMore, onMore]);
  return (
    <Stack
      gap="sm"
      onKeyDown={(e) => {
        if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
        if (focusResult(document.activeElement, e.key === 'ArrowDown' ? 1 : -1)) e.preventDefault();
      }}
    >
      {phone ? <CustomerCards customers={customers} /> : <CustomerTable me={me} customers={customers} {...table} />}
      <Center ref={ref} py="sm">
        {hasMore ? (
          <Button variant="light" onClick={onMore} loading={loadingMore}>
            {t('customers.loadMore')}
          </Button>
        ) : (
          <Text size="sm" c="dimmed" data-testid="list-end">
            {t('customers.shown', { count: customers.length })}
          </Text>
        )}
      </Center>
    </Stack>
  );
}
