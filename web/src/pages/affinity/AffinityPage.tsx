// /affinity: product affinity for managers and analysts — the offers' model card (the offline
// evaluation against a popularity baseline) and the rules of the newest run as a table, by level
// (product or category) and source (orders or customer portfolios), strongest lift first; then the
// bundles (BundlesSection.tsx) and the micro-segments (SegmentsSection.tsx).
import { Badge, Button, Group, NumberInput, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { IconAffiliate, IconScale } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can } from '../../../../src/http/permissions.ts';
import type { MeDto } from '../../api.ts';
import {
  type AffinityModelDto,
  type RuleFilters,
  useAffinityModel,
  useAffinityRules,
  useRunAffinity,
} from '../../affinity-api.ts';
import { Panel } from '../../components/Panel.tsx';
import { QueryCard } from '../../components/QueryCard.tsx';
import { Stat } from '../../components/Stat.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';
import { allowed } from '../../session.ts';
import { BundlesSection } from './BundlesSection.tsx';
import { SegmentsSection } from './SegmentsSection.tsx';
import { useAffinityWords } from './words.ts';

export function AffinityPage({ me }: { me: MeDto }) {
  const { t } = useTranslation();
  if (!allowed(me, 'affinity:read'))
    return <EmptyState title={t('affinity.notAllowedTitle')}>{t('affinity.notAllowed')}</EmptyState>;
  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>{t('affinity.title')}</Title>
        {can(me.role, 'affinity:write') && <RunButton />}
      </Group>
      <ModelCardSection />
      <RulesSection />
      <BundlesSection me={me} />
      <SegmentsSection />
    </Stack>
  );
}

function RunButton() {
  const { t } = useTranslation();
  const { run, busy } = useRunAffinity();
  return (
    <Button loading={run.isPending || busy} onClick={() => run.mutate()} data-testid="affinity-run">
      {t('affinity.run')}
    </Button>
  );
}

function ModelCardSection() {
  const { t } = useTranslation();
  const query = useAffinityModel();
  return (
    <QueryCard
      title={t('affinity.card.title')}
      icon={<IconScale size={20} />}
      testId="affinity-card"
      query={query}
      empty={<EmptyState title={t('affinity.noRun.title')}>{t('affinity.noRun.body')}</EmptyState>}
    >
      {(card) => <ModelCard card={card} />}
    </QueryCard>
  );
}

function ModelCard({ card }: { card: AffinityModelDto }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const w = useAffinityWords();
  const e = card.evaluation;
  const rows = [
    ['precisionAt5', e.model.precisionAt5, e.popularity.precisionAt5],
    ['recallAt10', e.model.recallAt10, e.popularity.recallAt10],
    ['hitRate', e.model.hitRate, e.popularity.hitRate],
  ] as const;
  return (
    <Stack gap="sm">
      <Group gap="lg" wrap="wrap">
        <Stat label={t('affinity.card.baskets')} value={fmt.number(card.run.baskets ?? 0)} />
        <Stat label={t('affinity.card.customers')} value={fmt.number(card.run.customers ?? 0)} />
        <Stat label={t('affinity.card.rules')} value={fmt.number(card.run.rules ?? 0)} />
        <Stat label={t('affinity.card.evaluated')} value={fmt.number(e.customers)} />
        {card.run.finishedAt && <Stat label={t('affinity.card.when')} value={fmt.dateTime(card.run.finishedAt)} />}
      </Group>
      <Text size="sm">{t('affinity.card.method')}</Text>
      <Table data-testid="affinity-evaluation">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('affinity.card.measure')}</Table.Th>
            <Table.Th ta="right">{t('affinity.card.model')}</Table.Th>
            <Table.Th ta="right">{t('affinity.card.popularity')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map(([key, model, pop]) => (
            <Table.Tr key={key}>
              <Table.Td>{t(`affinity.card.${key}`)}</Table.Td>
              <Table.Td ta="right">{w.percent(model)}</Table.Td>
              <Table.Td ta="right">{w.percent(pop)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Badge color={e.beatsBaseline ? 'teal' : 'red'} variant="light" data-testid="affinity-verdict">
        {e.beatsBaseline ? t('affinity.card.beats') : t('affinity.card.doesNotBeat')}
      </Badge>
    </Stack>
  );
}

function RulesSection() {
  const { t } = useTranslation();
  const w = useAffinityWords();
  const fmt = useFormat();
  const [filters, setFilters] = useState<RuleFilters>({ level: 'product', source: 'basket' });
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1];
  const query = useAffinityRules(filters, cursor);
  const change = (f: Partial<RuleFilters>) => {
    setFilters((old) => ({ ...old, ...f }));
    setCursors([null]);
  };
  let body;
  if (query.isPending) body = <Loading />;
  else if (query.isError) body = <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  else if (query.data.items.length === 0)
    body = <Text c="dimmed">{query.data.runId ? t('affinity.rules.none') : t('affinity.noRun.body')}</Text>;
  else
    body = (
      <Stack gap="xs">
        <Table striped data-testid="affinity-rules">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('affinity.rules.antecedent')}</Table.Th>
              <Table.Th>{t('affinity.rules.consequent')}</Table.Th>
              <Table.Th ta="right">{t('affinity.rules.count')}</Table.Th>
              <Table.Th ta="right">{t('affinity.rules.support')}</Table.Th>
              <Table.Th ta="right">{t('affinity.rules.confidence')}</Table.Th>
              <Table.Th ta="right">{t('affinity.rules.lift')}</Table.Th>
              <Table.Th ta="right">{t('affinity.rules.marginValue')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {query.data.items.map((r) => (
              <Table.Tr key={r.rank}>
                <Table.Td>{r.antecedent.map((x) => x.label).join(' + ')}</Table.Td>
                <Table.Td>{r.consequent.map((x) => x.label).join(' + ')}</Table.Td>
                <Table.Td ta="right">{fmt.number(r.count)}</Table.Td>
                <Table.Td ta="right">{w.percent(r.support)}</Table.Td>
                <Table.Td ta="right">{w.percent(r.confidence)}</Table.Td>
                <Table.Td ta="right">{w.ratio(r.lift)}</Table.Td>
                <Table.Td ta="right">{r.marginValue === null ? '—' : fmt.money(Math.round(r.marginValue))}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Group justify="flex-end">
          <Button variant="default" disabled={cursors.length === 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
            {t('affinity.rules.previous')}
          </Button>
          <Button
            variant="default"
            disabled={!query.data.nextCursor}
            onClick={() => setCursors((c) => [...c, query.data.nextCursor])}
          >
            {t('affinity.rules.next')}
          </Button>
        </Group>
      </Stack>
    );
  return (
    <Panel title={t('affinity.rules.title')} icon={<IconAffiliate size={20} />} testId="affinity-rules-panel">
      <Stack gap="sm">
        <Text size="sm">{t('affinity.rules.hint')}</Text>
        <Group wrap="wrap">
          <SegmentedControl
            value={filters.level}
            onChange={(v) => change({ level: v as RuleFilters['level'] })}
            data={[
              { value: 'product', label: t('affinity.rules.product') },
              { value: 'category', label: t('affinity.rules.category') },
            ]}
          />
          <SegmentedControl
            value={filters.source}
            onChange={(v) => change({ source: v as RuleFilters['source'] })}
            data={[
              { value: 'basket', label: t('affinity.rules.basket') },
              { value: 'portfolio', label: t('affinity.rules.portfolio') },
            ]}
          />
          <NumberInput
            w={160}
            label={t('affinity.rules.minLift')}
            min={0}
            step={0.5}
            decimalScale={2}
            value={filters.minLift ?? ''}
            onChange={(v) => change({ minLift: typeof v === 'number' ? v : undefined })}
          />
        </Group>
        {body}
      </Stack>
    </Panel>
  );
}
