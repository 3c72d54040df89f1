// The audit log (owners and admins): who read and changed what, filtered by entity, action and
// time, with before/after values; owners check the hash chain and set the retention.
import { Alert, Badge, Button, Code, Group, NumberInput, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { api, type MeDto, type Schemas } from '../../api.ts';
import { GeneralError } from '../../components/FieldErrors.tsx';
import { type CodeKind, humanize, labelOf } from '../../labels.ts';
import { useFormat } from '../../format.ts';
import { allowed } from '../../session.ts';

type Entry = Schemas['AuditEntry'];
const verbs = ['create', 'update', 'delete', 'read'] as const;
const namedActions = [
  'customer.update',
  'customer.delete',
  'complaint.register',
  'complaint.transition',
  'contract.update',
  'contract.cancel',
  'loyalty.adjust',
  'loyalty.compensation',
] as const;
const entities = [
  'customers',
  'complaints',
  'contracts',
  'transactions',
  'interactions',
  'loyalty',
  'users',
  'tokens',
  'webhooks',
  'workspace',
  'audit',
] as const;

/** A readable label for an entry's action: a named change, or a verb on an entity. */
export function actionLabel(t: TFunction, e: Pick<Entry, 'action' | 'entityType'>): string {
  if ((namedActions as readonly string[]).includes(e.action)) return t(`audit.actions.${e.action.replace('.', '_')}`);
  return t('audit.verbOn', { verb: t(`audit.verbs.${e.action}`), entity: entityLabel(t, e.entityType) });
}

export const entityLabel = (t: TFunction, type: string): string =>
  (entities as readonly string[]).includes(type) ? t(`audit.entities.${type}`) : type.replace(/-/g, ' ');

export function AuditLog({ me }: { me: MeDto }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [filters, setFilters] = useState({ entityType: '', entityId: '', action: '', from: '', to: '' });
  const query = {
    entityType: filters.entityType || undefined,
    entityId: filters.entityId.trim() || undefined,
    action: filters.action || undefined,
    from: filters.from ? new Date(`${filters.from}T00:00:00`).toISOString() : undefined,
    to: filters.to ? new Date(`${filters.to}T23:59:59.999`).toISOString() : undefined,
  };
  const list = useInfiniteQuery({
    queryKey: ['audit', query],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => api.GET('/audit', { params: { query: { ...query, cursor: pageParam, limit: 50 } } }),
    getNextPageParam: (p) => p.nextCursor ?? undefined,
  });
  const verify = useMutation({ mutationFn: () => api.GET('/audit/verify') });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const set = (k: keyof typeof filters) => (v: string | null) => setFilters((f) => ({ ...f, [k]: v ?? '' }));
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t('audit.hint')}
      </Text>
      {allowed(me, 'audit:verify') && (
        <Group>
          <Button variant="light" onClick={() => verify.mutate()} loading={verify.isPending}>
            {t('audit.verify')}
          </Button>
          {verify.data &&
            (verify.data.ok ? (
              <Alert color="teal" py={6} data-testid="audit-verify-result">
                {t('audit.verifyOk', { count: verify.data.rows, rows: fmt.number(verify.data.rows) })}
              </Alert>
            ) : (
              <Alert color="red" py={6} data-testid="audit-verify-result">
                {t('audit.verifyBroken', {
                  seq: fmt.number(verify.data.broken?.seq ?? 0),
                  reason: t(`audit.breaks.${verify.data.broken?.reason ?? 'hash'}`),
                })}
              </Alert>
            ))}
          <GeneralError error={verify.error} known={[]} />
        </Group>
      )}
      <Group align="end">
        <Select
          label={t('audit.entity')}
          clearable
          value={filters.entityType || null}
          onChange={set('entityType')}
          data={entities.map((e) => ({ value: e, label: entityLabel(t, e) }))}
        />
        <TextInput
          label={t('audit.entityId')}
          value={filters.entityId}
          onChange={(e) => set('entityId')(e.currentTarget.value)}
        />
        <Select
          label={t('audit.action')}
          clearable
          value={filters.action || null}
          onChange={set('action')}
          data={[
            ...verbs.map((v) => ({ value: v, label: t(`audit.verbs.${v}`) })),
            ...namedActions.map((a) => ({ value: a, label: t(`audit.actions.${a.replace('.', '_')}`) })),
          ]}
        />
        <TextInput
          type="date"
          label={t('audit.from')}
          value={filters.from}
          onChange={(e) => set('from')(e.currentTarget.value)}
        />
        <TextInput
          type="date"
          label={t('audit.to')}
          value={filters.to}
          onChange={(e) => set('to')(e.currentTarget.value)}
        />
      </Group>
      <GeneralError error={list.error} known={[]} />
      <Table.ScrollContainer minWidth={820}>
        <Table data-testid="audit-table" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('audit.when')}</Table.Th>
              <Table.Th>{t('audit.who')}</Table.Th>
              <Table.Th>{t('audit.action')}</Table.Th>
              <Table.Th>{t('audit.entity')}</Table.Th>
              <Table.Th>{t('audit.outcome')}</Table.Th>
              <Table.Th>{t('audit.changes')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((e) => (
              <Table.Tr key={e.seq}>
                <Table.Td>{fmt.dateTime(e.at)}</Table.Td>
                <Table.Td>
                  <Text size="sm">{e.actorName ?? t(`audit.actors.${e.actorType}`)}</Text>
                  <Text size="xs" c="dimmed">
                    {e.ip ?? ''}
                  </Text>
                </Table.Td>
                <Table.Td>{actionLabel(t, e)}</Table.Td>
                <Table.Td>
                  <Text size="sm">{entityLabel(t, e.entityType)}</Text>
                  {e.entityId && (
                    <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                      {e.entityId}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Badge color={e.status === null || e.status < 400 ? 'teal' : 'red'} variant="light">
                    {e.status === null || e.status < 400
                      ? t('audit.succeeded')
                      : t('audit.refused', { status: e.status })}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Changes t={t} entry={e} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {list.isSuccess && items.length === 0 && <Text c="dimmed">{t('audit.empty')}</Text>}
      {list.hasNextPage && (
        <Button variant="subtle" onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('audit.more')}
        </Button>
      )}
      {allowed(me, 'audit:manage') && <Retention />}
    </Stack>
  );
}

/** Fields whose values are codes with labels of their own; any other code-looking value is made readable. */
const codeFields: Record<string, CodeKind> = {
  status: 'complaintStatus',
  rootCause: 'rootCause',
  category: 'complaintCategory',
  source: 'complaintSource',
  acquisitionChannel: 'acquisitionChannel',
  channel: 'interactionChannel',
  tier: 'tier',
};

/** A before/after value as a person reads it: codes as words, text as typed, the rest as JSON. */
function shownValue(t: TFunction, field: string, value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value !== 'string') return JSON.stringify(value);
  const kind = codeFields[field];
  return kind ? labelOf(t, kind, value) : humanize(value);
}

function Changes({ t, entry }: { t: TFunction; entry: Entry }) {
  if (entry.redacted)
    return (
      <Text size="xs" c="dimmed">
        {t('audit.redacted')}
      </Text>
    );
  const d = entry.detail as { before?: Record<string, unknown>; after?: Record<string, unknown> } | null;
  if (!d?.after) return null;
  return (
    <Stack gap={2}>
      {Object.keys(d.after).map((k) => (
        <Text size="xs" key={k}>
          <b>{k}</b>: <Code>{shownValue(t, k, d.before?.[k])}</Code> → <Code>{shownValue(t, k, d.after?.[k])}</Code>
        </Text>
      ))}
    </Stack>
  );
}

function Retention() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const settings = useQuery({ queryKey: ['audit-settings'], queryFn: () => api.GET('/audit/settings') });
  const [days, setDays] = useState<number | string>('');
  const save = useMutation({
    mutationFn: () => api.PUT('/audit/settings', { body: { retentionDays: Number(days) } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['audit-settings'] }),
  });
  return (
    <Group align="end">
      <NumberInput
        label={t('audit.retention')}
        description={t('audit.retentionHint')}
        min={30}
        max={3650}
        value={days === '' ? (settings.data?.retentionDays ?? '') : days}
        onChange={setDays}
      />
      <Button onClick={() => save.mutate()} loading={save.isPending} disabled={days === ''}>
        {t('settings.save')}
      </Button>
      <GeneralError error={save.error} known={[]} />
    </Group>
  );
}
