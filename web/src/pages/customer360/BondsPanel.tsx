// The 360's bonds panel: the bond index as a gauge, its four components, the explanation in words,
// what leaving would cost the customer, and the recorded bonds (relationships, preferences,
// structural ties) with add, edit and delete for those who may write customers.
import { ActionIcon, Badge, Button, Group, List, Progress, RingProgress, Stack, Text, Title } from '@mantine/core';
import { IconLink, IconPencil, IconPlus, IconRepeat, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  bondComponents,
  type BondRecordKind,
  type CustomerBondsDto,
  useActedOn,
  useCustomerBonds,
  useDeleteBondRecord,
} from '../../bonds-api.ts';
import { Panel } from '../../components/Panel.tsx';
import { Stat } from '../../components/Stat.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';
import { allowed } from '../../session.ts';
import { useBondWords } from '../bonds/words.ts';
import { BondRecordModal, type Editing } from './BondRecordModal.tsx';
import type { PanelProps } from './types.ts';

const color = (score: number) => (score >= 60 ? 'teal' : score >= 30 ? 'yellow' : 'red');

export function BondsPanel({ me, overview }: PanelProps) {
  const { t } = useTranslation();
  const id = overview.customer.id;
  const query = useCustomerBonds(id);
  const [editing, setEditing] = useState<Editing | null>(null);
  const canWrite = allowed(me, 'customers:write');
  let body;
  if (query.isPending) body = <Loading />;
  else if (query.isError) body = <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  else
    body = (
      <Stack gap="md">
        <IndexAndComponents bonds={query.data} />
        <SwitchingCosts bonds={query.data} />
        <Records bonds={query.data} customerId={id} canWrite={canWrite} onEdit={setEditing} />
      </Stack>
    );
  return (
    <Panel title={t('bonds.title')} icon={<IconLink size={20} />} testId="bonds-panel">
      {body}
      {editing && <BondRecordModal customerId={id} editing={editing} onClose={() => setEditing(null)} />}
    </Panel>
  );
}

function IndexAndComponents({ bonds }: { bonds: CustomerBondsDto }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const w = useBondWords();
  return (
    <Group align="flex-start" gap="lg" wrap="wrap">
      <Stack gap={2} align="center">
        <RingProgress
          size={110}
          thickness={10}
          roundCaps
          sections={[{ value: bonds.index, color: color(bonds.index) }]}
          label={
            <Text ta="center" fw={700} size="xl" data-testid="bond-index">
              {bonds.index}
            </Text>
          }
          aria-label={t('bonds.index')}
        />
        <Text size="xs" c="dimmed">
          {t('bonds.index')}
        </Text>
        <Text size="xs" c="dimmed">
          {bonds.scored
            ? t('bonds.scored', { index: bonds.scored.index, date: fmt.date(bonds.scored.computedAt) })
            : t('bonds.notScored')}
        </Text>
      </Stack>
      <Stack gap={6} style={{ flex: 1, minWidth: 200 }}>
        {bondComponents.map((c) => (
          <div key={c}>
            <Group justify="space-between" gap="xs">
              <Text size="sm">{w.component(c)}</Text>
              <Text size="sm" fw={600}>
                {bonds.components[c]}
              </Text>
            </Group>
            <Progress value={bonds.components[c]} color={color(bonds.components[c])} aria-label={w.component(c)} />
          </div>
        ))}
        <List size="sm" mt={4} data-testid="bond-explanation">
          {bonds.explanation.map((e, i) => (
            <List.Item key={`${e.code}-${i}`}>{w.explanation(e)}</List.Item>
          ))}
        </List>
      </Stack>
    </Group>
  );
}

function SwitchingCosts({ bonds }: { bonds: CustomerBondsDto }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const s = bonds.switchingCosts;
  const benefits = s.levelBenefits
    ? [
        ...(s.levelBenefits.prioritySupport ? [t('bonds.switching.prioritySupport')] : []),
        ...s.levelBenefits.freeItems,
        ...s.levelBenefits.perks,
      ]
    : [];
  return (
    <Stack gap={4}>
      <Title order={5}>{t('bonds.switching.title')}</Title>
      <Group gap="lg" wrap="wrap">
        <Stat label={t('bonds.switching.total')} value={fmt.money(s.totalMinor)} testId="switching-total" />
        <Stat
          label={t('bonds.switching.points', { count: s.pointsBalance, points: fmt.number(s.pointsBalance) })}
          value={fmt.money(s.pointsValueMinor)}
        />
        <Stat
          label={t('bonds.switching.vouchers', { count: s.pendingVouchers })}
          value={fmt.money(s.vouchersValueMinor)}
        />
        {s.earlyTerminationFeeMinor > 0 && (
          <Stat label={t('bonds.switching.fee')} value={fmt.money(s.earlyTerminationFeeMinor)} />
        )}
      </Group>
      {s.levelName && (
        <Text size="sm">
          {t('bonds.switching.level', { level: s.levelName, position: s.levelPosition, of: s.levelCount })}
          {benefits.length > 0 && ` — ${benefits.join(', ')}`}
        </Text>
      )}
    </Stack>
  );
}

function Records({
  bonds,
  customerId,
  canWrite,
  onEdit,
}: {
  bonds: CustomerBondsDto;
  customerId: string;
  canWrite: boolean;
  onEdit: (e: Editing) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const remove = useDeleteBondRecord(customerId);
  const acted = useActedOn(customerId);
  const section = (
    kind: BondRecordKind,
    rows: { id: string; line: string; extra?: React.ReactNode }[],
    record: (id: string) => Editing,
  ) => (
    <Stack gap={4} key={kind}>
      <Group justify="space-between" gap="xs">
        <Title order={5}>{t(`bonds.records.${kind}`)}</Title>
        {canWrite && (
          <Button
            size="compact-xs"
            variant="subtle"
            leftSection={<IconPlus size={14} />}
            onClick={() => onEdit({ kind })}
            data-testid={`bond-add-${kind}`}
          >
            {t('bonds.records.add')}
          </Button>
        )}
      </Group>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('bonds.records.none')}
        </Text>
      ) : (
        rows.map((r) => (
          <Group key={r.id} justify="space-between" gap="xs" wrap="nowrap">
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {r.line}
            </Text>
            <Group gap={2} wrap="nowrap">
              {r.extra}
              {canWrite && (
                <>
                  <ActionIcon
                    variant="subtle"
                    aria-label={t('bonds.records.edit')}
                    onClick={() => onEdit(record(r.id))}
                  >
                    <IconPencil size={16} />
                  </ActionIcon>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={t('bonds.records.delete')}
                    loading={remove.isPending && remove.variables?.recordId === r.id}
                    onClick={() => remove.mutate({ kind, recordId: r.id })}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </>
              )}
            </Group>
          </Group>
        ))
      )}
    </Stack>
  );
  const ended = (iso: string | null) => (iso ? ` · ${t('bonds.records.ended', { date: fmt.date(iso) })}` : '');
  return (
    <Stack gap="sm">
      {section(
        'relationships',
        bonds.relationships.map((r) => ({
          id: r.id,
          line: `${r.employeeName} — ${r.role} · ${t('bonds.records.since', { date: fmt.date(r.since) })}${ended(r.endedAt)}`,
        })),
        (id) => ({ kind: 'relationships', relationship: bonds.relationships.find((r) => r.id === id) }),
      )}
      {section(
        'preferences',
        bonds.preferences.map((p) => ({
          id: p.id,
          line: `${p.kind}: ${p.value} · ${t(`bonds.sources.${p.source}`)} · ${t('bonds.records.actedOnTimes', { count: p.timesActedOn })}`,
          extra: canWrite ? (
            <ActionIcon
              variant="subtle"
              aria-label={t('bonds.records.actedOn')}
              title={t('bonds.records.actedOn')}
              onClick={() => acted.mutate(p.id)}
            >
              <IconRepeat size={16} />
            </ActionIcon>
          ) : undefined,
        })),
        (id) => ({ kind: 'preferences', preference: bonds.preferences.find((p) => p.id === id) }),
      )}
      {section(
        'structural',
        bonds.structural.map((s) => ({
          id: s.id,
          line: `${t(`bonds.kinds.${s.kind}`)}: ${s.description} · ${t('bonds.records.since', { date: fmt.date(s.since) })}${ended(s.endedAt)}${
            s.earlyTerminationFeeMinor ? ` · ${t('bonds.switching.fee')}: ${fmt.money(s.earlyTerminationFeeMinor)}` : ''
          }`,
          extra: undefined,
        })),
        (id) => ({ kind: 'structural', structural: bonds.structural.find((s) => s.id === id) }),
      )}
      {remove.isError && <ErrorState error={remove.error} />}
      <Badge variant="light" color="gray" style={{ alignSelf: 'flex-start' }}>
        {t('bonds.weights', {
          social: bonds.weights.social,
          customisation: bonds.weights.customisation,
          structural: bonds.weights.structural,
          financial: bonds.weights.financial,
        })}
      </Badge>
    </Stack>
  );
}
