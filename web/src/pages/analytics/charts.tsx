// The value engine's pictures, shared by the home dashboard, the analytics screen and the 360:
// the customer pyramid, heatmaps (RFM grid, CLV diagnostics) and the segment list. Each picture
// has a text equivalent (labels, a table or an aria-label) so it reads without seeing it.
import { Anchor, Badge, Box, Group, Progress, ScrollArea, Stack, Table, Text, Tooltip } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { PyramidDto, RfmDto, RfmSegmentDto, Tier } from '../../analytics-api.ts';
import { useFormat } from '../../format.ts';
import { formatMoney } from '../../lib/money.ts';

export const tierColor: Record<Tier, string> = { platinum: 'indigo', gold: 'yellow', iron: 'gray', lead: 'red' };

export function TierBadge({ tier, size = 'md' }: { tier: Tier; size?: 'sm' | 'md' | 'lg' }) {
  const { t } = useTranslation();
  return (
    <Badge
      color={tierColor[tier]}
      variant={tier === 'lead' ? 'outline' : 'filled'}
      size={size}
      data-testid="tier-badge"
    >
      {t(`analytics.tiers.${tier}`)}
    </Badge>
  );
}

const percent = (locale: string, share: number) =>
  new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(share);

/** A link to the customers list filtered by tier or RFM segment. */
function ListLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Anchor component={Link} to={to} inherit>
      {children}
    </Anchor>
  );
}

/**
 * The customer pyramid: tiers stacked from Platinum (the tip) to Lead (the base), each slice as
 * wide as the pyramid is at that height, with bars comparing its share of customers and of profit.
 */
export function CustomerPyramid({ data, compact = false }: { data: PyramidDto; compact?: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const rows = data.tiers.length;
  return (
    <Stack gap={6} role="list" aria-label={t('analytics.pyramid.aria')} data-testid="pyramid">
      {data.tiers.map((row, i) => {
        // Slice i spans from (i / rows) to ((i + 1) / rows) of the pyramid's height.
        const top = 30 + (70 * i) / rows;
        const bottom = 30 + (70 * (i + 1)) / rows;
        const inset = (w: number) => `${(100 - w) / 2}%`;
        const label = t('analytics.pyramid.rowAria', {
          tier: t(`analytics.tiers.${row.tier}`),
          customers: fmt.number(row.customers),
          customerShare: percent(fmt.locale, row.customerShare),
          profitShare: percent(fmt.locale, row.profitShare),
        });
        return (
          <Group
            key={row.tier}
            role="listitem"
            aria-label={label}
            wrap="nowrap"
            gap="sm"
            align="center"
            data-testid={`pyramid-${row.tier}`}
          >
            <Box
              w={{ base: 120, xs: compact ? 130 : 180 }}
              h={compact ? 40 : 52}
              bg={`${tierColor[row.tier]}.${row.tier === 'iron' ? 4 : 6}`}
              style={{
                flexShrink: 0,
                clipPath: `polygon(${inset(top)} 0, calc(100% - ${inset(top)}) 0, calc(100% - ${inset(bottom)}) 100%, ${inset(bottom)} 100%)`,
                display: 'flex',
                alignItems: 'center',
                justifyContent: 'center',
              }}
              aria-hidden
            >
              <Text size="xs" fw={700} c="white" ta="center" lh={1.1}>
                {fmt.number(row.customers)}
              </Text>
            </Box>
            <Stack gap={2} style={{ flex: 1, minWidth: 0 }} aria-hidden>
              <Group justify="space-between" gap={4} wrap="nowrap">
                <Text size="sm" fw={600}>
                  <ListLink to={`/customers?tier=${row.tier}`}>{t(`analytics.tiers.${row.tier}`)}</ListLink>
                </Text>
                <Text size="xs" c="dimmed" truncate>
                  {formatMoney(row.profitMinor, data.currency, fmt.locale, { compact: true })}
                </Text>
              </Group>
              <Tooltip label={t('analytics.pyramid.customerShare', { share: percent(fmt.locale, row.customerShare) })}>
                <Progress value={row.customerShare * 100} color="teal" size="sm" />
              </Tooltip>
              <Tooltip label={t('analytics.pyramid.profitShare', { share: percent(fmt.locale, row.profitShare) })}>
                <Progress
                  value={Math.max(0, row.profitShare) * 100}
                  color={row.profitShare < 0 ? 'red' : 'indigo'}
                  size="sm"
                />
              </Tooltip>
            </Stack>
          </Group>
        );
      })}
      <Group gap="md" mt={4} aria-hidden>
        <Legend color="teal" label={t('analytics.pyramid.customersLegend')} />
        <Legend color="indigo" label={t('analytics.pyramid.profitLegend')} />
      </Group>
    </Stack>
  );
}

function Legend({ color, label }: { color: string; label: string }) {
  return (
    <Group gap={4} wrap="nowrap">
      <Box w={10} h={10} bg={`${color}.6`} style={{ borderRadius: 2 }} />
      <Text size="xs" c="dimmed">
        {label}
      </Text>
    </Group>
  );
}

/** The pyramid's numbers as a table (the analytics screen shows both). */
/** Each figure over its share on a line of its own, so the four columns fit half a 1280 px screen. */
export function PyramidTable({ data }: { data: PyramidDto }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = (minor: number) => formatMoney(minor, data.currency, fmt.locale);
  return (
    <Table.ScrollContainer minWidth={400}>
      <Table striped data-testid="pyramid-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('analytics.pyramid.tier')}</Table.Th>
            <Table.Th ta="right">{t('analytics.pyramid.customers')}</Table.Th>
            <Table.Th ta="right">{t('analytics.pyramid.revenue')}</Table.Th>
            <Table.Th ta="right">{t('analytics.pyramid.profit')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.tiers.map((row) => (
            <Table.Tr key={row.tier}>
              <Table.Td>
                <ListLink to={`/customers?tier=${row.tier}`}>
                  <TierBadge tier={row.tier} size="sm" />
                </ListLink>
              </Table.Td>
              <Table.Td ta="right">
                {fmt.number(row.customers)}
                <Text c="dimmed" size="xs">
                  {percent(fmt.locale, row.customerShare)}
                </Text>
              </Table.Td>
              <Table.Td ta="right">
                {money(row.revenueMinor)}
                <Text c="dimmed" size="xs">
                  {percent(fmt.locale, row.revenueShare)}
                </Text>
              </Table.Td>
              <Table.Td ta="right" c={row.profitMinor < 0 ? 'red' : undefined}>
                {money(row.profitMinor)}
                <Text c="dimmed" size="xs">
                  {percent(fmt.locale, row.profitShare)}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/**
 * A heatmap as an HTML table: row and column headers are real headers, each cell's value is its
 * text (screen readers read the table), the colour only repeats it. `null` cells are impossible
 * combinations and stay blank.
 */
export function HeatmapTable({
  caption,
  rowTitle,
  columnTitle,
  rows,
  columns,
  values,
  format,
  testId,
  color = 'teal',
}: {
  caption: string;
  rowTitle: string;
  columnTitle: string;
  rows: ReactNode[];
  columns: ReactNode[];
  values: (number | null)[][];
  format: (v: number) => string;
  testId?: string;
  color?: string;
}) {
  const max = Math.max(0, ...values.flat().filter((v): v is number => v !== null && Number.isFinite(v)));
  return (
    <ScrollArea type="auto" offsetScrollbars>
      <Table
        withTableBorder
        withColumnBorders
        fz="xs"
        style={{ tableLayout: 'fixed', minWidth: 48 + 36 * columns.length }}
        data-testid={testId}
      >
        <caption
          style={{
            captionSide: 'bottom',
            fontSize: 'var(--mantine-font-size-xs)',
            color: 'var(--mantine-color-dimmed)',
            paddingTop: 4,
          }}
        >
          {caption}
        </caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={48} />
            <Table.Th colSpan={columns.length} ta="center" fz="xs" c="dimmed" fw={500} p={2}>
              {columnTitle} →
            </Table.Th>
          </Table.Tr>
          <Table.Tr>
            <Table.Th w={48} fz="xs" c="dimmed" fw={500} p={4}>
              {rowTitle} ↓
            </Table.Th>
            {columns.map((c, i) => (
              <Table.Th key={i} ta="center" fz="xs" p={4}>
                {c}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r, i) => (
            <Table.Tr key={i}>
              <Table.Th fz="xs" p={4} ta="center">
                {r}
              </Table.Th>
              {values[i].map((v, j) => {
                const strength = v === null || max === 0 ? 0 : Math.max(0, v) / max;
                return (
                  <Table.Td
                    key={j}
                    ta="center"
                    p={4}
                    style={{
                      background:
                        v === null
                          ? 'var(--mantine-color-gray-1)'
                          : `color-mix(in srgb, var(--mantine-color-${color}-7) ${Math.round(strength * 90)}%, white)`,
                      color: strength > 0.55 ? 'white' : undefined,
                      fontVariantNumeric: 'tabular-nums',
                    }}
                  >
                    {v === null ? '' : format(v)}
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  );
}

/** The RFM grid: customers per recency (columns, 1 = longest ago) × frequency (rows, 5 first). */
export function RfmGrid({ data }: { data: RfmDto }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const scores = [1, 2, 3, 4, 5];
  const count = (r: number, f: number) => data.cells.find((c) => c.recency === r && c.frequency === f)?.customers ?? 0;
  const rows = [...scores].reverse();
  return (
    <HeatmapTable
      testId="rfm-grid"
      caption={t('analytics.rfm.caption')}
      rowTitle={t('analytics.rfm.frequencyShort')}
      columnTitle={t('analytics.rfm.recencyShort')}
      rows={rows.map((f) => `F${f}`)}
      columns={scores.map((r) => `R${r}`)}
      values={rows.map((f) => scores.map((r) => count(r, f)))}
      format={fmt.number}
    />
  );
}

export function SegmentList({
  segments,
  currency,
  limit,
}: {
  segments: RfmSegmentDto[];
  currency: string;
  limit?: number;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const sorted = [...segments].sort((a, b) => b.customers - a.customers).slice(0, limit);
  return (
    <Stack gap={6} component="ul" p={0} m={0} style={{ listStyle: 'none' }} data-testid="rfm-segments">
      {sorted.map((s) => (
        <Box component="li" key={s.segment}>
          <Group justify="space-between" gap="xs" wrap="nowrap">
            <Text size="sm" truncate>
              <ListLink to={`/customers?rfmSegment=${s.segment}`}>{t(`analytics.segments.${s.segment}`)}</ListLink>
            </Text>
            <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
              {fmt.number(s.customers)} · {percent(fmt.locale, s.customerShare)} ·{' '}
              {formatMoney(s.revenueMinor, currency, fmt.locale, { compact: true })}
            </Text>
          </Group>
          <Progress value={s.customerShare * 100} size="xs" color="teal" aria-hidden />
        </Box>
      ))}
    </Stack>
  );
}

export { percent };
