// The member's statement on the 360's loyalty panel: points soon to expire, then every ledger
// entry, newest first, each opening onto why it happened (the rate, multipliers and rounding).
import { Badge, Button, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';
import { type EntryDto, explain } from '../loyalty/model.ts';
import { usePromotions } from '../loyalty/queries.ts';
import { loyaltyAccountKey } from './types.ts';

const kindColor: Record<EntryDto['kind'], string> = {
  earn: 'teal',
  redeem: 'blue',
  expire: 'orange',
  adjust: 'gray',
  compensation: 'grape',
  reversal: 'red',
  transfer: 'cyan',
};

export function Statement({ customerId, unit }: { customerId: string; unit: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const promotions = usePromotions();
  const promotionNames = new Map((promotions.data ?? []).map((p) => [p.id, p.name]));
  const statement = useInfiniteQuery({
    queryKey: [...loyaltyAccountKey(customerId), 'statement'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      api.GET('/customers/{id}/loyalty/statement', {
        params: { path: { id: customerId }, query: { limit: 15, cursor: pageParam } },
        signal,
      }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  if (statement.isPending) return <Loading />;
  if (statement.isError) return <ErrorState error={statement.error} onRetry={() => statement.refetch()} />;
  const first = statement.data.pages[0];
  const entries = statement.data.pages.flatMap((p) => p.entries);
  return (
    <Stack gap={6}>
      {first.expiring.length > 0 && (
        <Text size="xs" c="dimmed" data-testid="loyalty-expiring-list">
          {first.expiring
            .slice(0, 3)
            .map((x) => t('loyalty.member.expiresOn', { points: fmt.number(x.points), date: fmt.date(x.expiresAt) }))
            .join(' · ')}
        </Text>
      )}
      <Text size="sm" fw={600}>
        {t('loyalty.member.statement')}
      </Text>
      {entries.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('loyalty.member.noEntries')}
        </Text>
      ) : (
        <Stack gap={4} component="ul" p={0} m={0} style={{ listStyle: 'none' }} data-testid="loyalty-statement">
          {entries.map((e) => (
            <EntryRow key={e.id} entry={e} unit={unit} promotions={promotionNames} />
          ))}
        </Stack>
      )}
      {statement.hasNextPage && (
        <Button
          size="xs"
          variant="subtle"
          onClick={() => statement.fetchNextPage()}
          loading={statement.isFetchingNextPage}
          style={{ alignSelf: 'flex-start' }}
        >
          {t('loyalty.member.more')}
        </Button>
      )}
    </Stack>
  );
}

function EntryRow({ entry: e, unit, promotions }: { entry: EntryDto; unit: string; promotions: Map<string, string> }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [open, setOpen] = useState(false);
  const why = explain(e, (m) => fmt.money(m), promotions);
  const hasWhy = why.lines.length + why.rules.length > 0;
  const points = (
    <Text size="sm" fw={700} c={e.points >= 0 ? 'teal.8' : 'red.7'} style={{ whiteSpace: 'nowrap' }}>
      {e.points > 0 ? '+' : ''}
      {fmt.number(e.points)}
    </Text>
  );
  const head = (
    <Group justify="space-between" wrap="nowrap" gap="xs" w="100%">
      <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
        {hasWhy && (open ? <IconChevronDown size={14} aria-hidden /> : <IconChevronRight size={14} aria-hidden />)}
        <Badge size="xs" variant="light" color={kindColor[e.kind]} style={{ flexShrink: 0 }}>
          {t(`loyalty.entryKinds.${e.kind}`)}
        </Badge>
        <Text size="xs" c="dimmed" truncate>
          {fmt.date(e.occurredAt)}
          {e.reason && e.kind !== 'expire' ? ` · ${e.reason}` : ''}
        </Text>
      </Group>
      {points}
    </Group>
  );
  return (
    <li data-testid="loyalty-entry" data-kind={e.kind}>
      {hasWhy ? (
        <UnstyledButton onClick={() => setOpen(!open)} aria-expanded={open} w="100%" title={t('loyalty.why.toggle')}>
          {head}
        </UnstyledButton>
      ) : (
        head
      )}
      {open && (
        <Stack gap={2} pl="lg" py={4} data-testid="loyalty-why">
          <Text size="xs" fw={600}>
            {t('loyalty.why.title', { points: fmt.number(Math.abs(e.points)), unit })}
          </Text>
          {why.lines.slice(0, 1).map((l) => (
            <Text key={l.key} size="xs">
              {t(l.key, l.values)}
            </Text>
          ))}
          {why.rules.map((r, i) => (
            <Text key={i} size="xs">
              {r.factor !== undefined
                ? t('loyalty.why.times', { rule: t(r.rule.key, r.rule.values), factor: r.factor })
                : t('loyalty.why.plus', { rule: t(r.rule.key, r.rule.values), points: r.points ?? 0 })}
            </Text>
          ))}
          {why.lines.slice(1).map((l) => (
            <Text key={l.key} size="xs" c="dimmed">
              {t(l.key, {
                ...l.values,
                rounding: l.values.rounding ? t(`loyalty.program.roundingOptions.${l.values.rounding}`) : '',
              })}
            </Text>
          ))}
        </Stack>
      )}
    </li>
  );
}
