// The 360's loyalty panel: the member's balance (spendable, pending, expiring soon), level and
// progress, the statement with why each entry happened, and the actions the caller's role may
// take — redeem a reward (a voucher code is issued), correct a balance, grant goodwill points.
import {
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  NumberInput,
  Progress,
  Radio,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  UnstyledButton,
} from '@mantine/core';
import { IconAward, IconChevronDown, IconChevronRight, IconGift, IconTicket } from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api.ts';
import { DialogActions } from '../../components/FormParts.tsx';
import { fieldErrorsOf } from '../../components/FieldErrors.tsx';
import { Panel } from '../../components/Panel.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';
import {
  type AccountDto,
  eligibility,
  type EntryDto,
  explain,
  type RedemptionDto,
  redeemErrors,
  type RewardDto,
} from '../loyalty/model.ts';
import { loyaltyKey, useLevels, usePromotions, useRewards } from '../loyalty/queries.ts';
import { allowed } from '../../session.ts';
import { overviewKey, type PanelProps } from './types.ts';
import { VoucherUse } from './VoucherUse.tsx';

const kindColor: Record<EntryDto['kind'], string> = {
  earn: 'teal',
  redeem: 'blue',
  expire: 'orange',
  adjust: 'gray',
  compensation: 'grape',
  reversal: 'red',
  transfer: 'cyan',
};

const accountKey = (id: string) => [...overviewKey(id), 'loyalty'] as const;

export function LoyaltyPanel({ me, overview }: PanelProps) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const id = overview.customer.id;
  const [redeeming, setRedeeming] = useState(false);
  const [posting, setPosting] = useState(false);
  const [issued, setIssued] = useState<RedemptionDto | null>(null);
  const account = useQuery({
    queryKey: accountKey(id),
    queryFn: async () => {
      try {
        return await api.GET('/customers/{id}/loyalty', { params: { path: { id } } });
      } catch (err) {
        // No program in this workspace yet: nothing to show but a pointer to set one up.
        if (
          err instanceof ApiError &&
          err.problem.status === 404 &&
          err.problem.detail.toLowerCase().includes('program')
        )
          return null;
        throw err;
      }
    },
  });
  const canRedeem = allowed(me, 'loyalty:redeem');
  const canAdjust = allowed(me, 'loyalty:adjust') || allowed(me, 'loyalty:compensate');
  let body: ReactNode;
  if (account.isPending) body = <Loading />;
  else if (account.isError) body = <ErrorState error={account.error} onRetry={() => account.refetch()} />;
  else if (account.data === null)
    body = (
      <Text size="sm" c="dimmed">
        {t('loyalty.member.noProgram')}
      </Text>
    );
  else {
    const a = account.data;
    body = (
      <Stack gap="sm">
        {issued && (
          <Alert
            color="teal"
            icon={<IconTicket size={18} />}
            title={t('loyalty.redeem.issuedTitle', { name: issued.rewardName ?? '' })}
            withCloseButton
            onClose={() => setIssued(null)}
            data-testid="voucher-issued"
          >
            <Stack gap={4}>
              <Group gap="xs" wrap="wrap">
                <Code fz="md" data-testid="voucher-code">
                  {issued.voucherCode}
                </Code>
                <CopyButton value={issued.voucherCode}>
                  {({ copied, copy }) => (
                    <Button size="compact-xs" variant="light" onClick={copy}>
                      {copied ? t('tokens.copied') : t('tokens.copy')}
                    </Button>
                  )}
                </CopyButton>
              </Group>
              <Text size="xs">
                {t('loyalty.redeem.issuedBody', {
                  count: issued.points,
                  date: fmt.date(issued.expiresAt),
                })}
              </Text>
            </Stack>
          </Alert>
        )}
        <Balance account={a} />
        {(canRedeem || canAdjust) && (
          <Group gap="xs" wrap="wrap">
            {canRedeem && (
              <Button
                size="xs"
                leftSection={<IconGift size={16} />}
                onClick={() => setRedeeming(true)}
                data-testid="redeem-button"
              >
                {t('loyalty.redeem.action')}
              </Button>
            )}
            {canAdjust && (
              <Button size="xs" variant="light" onClick={() => setPosting(true)} data-testid="adjust-button">
                {allowed(me, 'loyalty:adjust') ? t('loyalty.adjust.action') : t('loyalty.adjust.kinds.compensation')}
              </Button>
            )}
          </Group>
        )}
        <Statement customerId={id} unit={a.pointsUnit} />
        {allowed(me, 'vouchers:consume') && <VoucherUse customerId={id} />}
      </Stack>
    );
  }
  return (
    <Panel title={t('panels.loyalty')} icon={<IconAward size={20} />} testId="loyalty-panel">
      {body}
      {redeeming && account.data && (
        <RedeemDialog
          customerId={id}
          account={account.data}
          onClose={() => setRedeeming(false)}
          onRedeemed={(r) => {
            setIssued(r);
            setRedeeming(false);
          }}
        />
      )}
      {posting && account.data && (
        <AdjustDialog me={me} customerId={id} unit={account.data.pointsUnit} onClose={() => setPosting(false)} />
      )}
    </Panel>
  );
}

function Balance({ account: a }: { account: AccountDto }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const figure = (label: string, value: number, testId: string, color?: string) => (
    <div data-testid={testId} data-value={value} style={{ minWidth: 0 }}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="lg" c={color}>
        {fmt.number(value)}
      </Text>
    </div>
  );
  const progress =
    a.nextLevel && a.nextLevel.threshold > 0
      ? Math.min(100, (100 * (a.nextLevel.threshold - a.nextLevel.toGo)) / a.nextLevel.threshold)
      : null;
  const toGo = (n: number) => (a.qualifying.basis === 'spend' ? fmt.money(n) : `${fmt.number(n)} ${a.pointsUnit}`);
  return (
    <Stack gap="xs">
      <SimpleGrid cols={3} spacing="xs">
        {figure(t('loyalty.member.spendable', { unit: a.pointsUnit }), a.spendable, 'loyalty-spendable', 'teal.8')}
        {figure(t('loyalty.member.pending'), a.pending, 'loyalty-pending')}
        {figure(
          t('loyalty.member.expiringSoon'),
          a.expiringSoon,
          'loyalty-expiring',
          a.expiringSoon > 0 ? 'orange.8' : undefined,
        )}
      </SimpleGrid>
      {a.debt > 0 && (
        <Text size="xs" c="red.7">
          {t('loyalty.member.debt', { count: a.debt })}
        </Text>
      )}
      <Group gap="xs" wrap="wrap">
        {a.level ? (
          <Badge color="grape" variant="light" data-testid="loyalty-level">
            {a.level.name}
          </Badge>
        ) : (
          <Text size="xs" c="dimmed">
            {t('loyalty.member.noLevel')}
          </Text>
        )}
        {a.level && a.levelSince && (
          <Text size="xs" c="dimmed">
            {t('loyalty.member.since', { date: fmt.date(a.levelSince) })}
          </Text>
        )}
        {a.graceUntil && (
          <Text size="xs" c="orange.8">
            {t('loyalty.member.grace', { date: fmt.date(a.graceUntil) })}
          </Text>
        )}
      </Group>
      {a.nextLevel && progress !== null && (
        <div>
          <Progress
            value={progress}
            size="sm"
            aria-label={t('loyalty.member.toNext', { amount: toGo(a.nextLevel.toGo), level: a.nextLevel.name })}
          />
          <Text size="xs" c="dimmed" mt={2}>
            {t('loyalty.member.toNext', { amount: toGo(a.nextLevel.toGo), level: a.nextLevel.name })}
          </Text>
        </div>
      )}
    </Stack>
  );
}

function Statement({ customerId, unit }: { customerId: string; unit: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const promotions = usePromotions();
  const promotionNames = new Map((promotions.data ?? []).map((p) => [p.id, p.name]));
  const statement = useInfiniteQuery({
    queryKey: [...accountKey(customerId), 'statement'],
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

function RedeemDialog({
  customerId,
  account,
  onClose,
  onRedeemed,
}: {
  customerId: string;
  account: AccountDto;
  onClose: () => void;
  onRedeemed: (r: RedemptionDto) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const qc = useQueryClient();
  const rewards = useRewards();
  const levels = useLevels();
  const [rewardId, setRewardId] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  // One key per dialog: a retried click returns the first redemption instead of spending twice.
  const [key] = useState(() => `web-${crypto.randomUUID()}`);
  const now = new Date();
  const offered = (rewards.data ?? []).filter((r) => r.active);
  const chosen = offered.find((r) => r.id === rewardId) ?? null;
  const redeem = useMutation({
    mutationFn: (reward: RewardDto) =>
      api.POST('/customers/{id}/loyalty/redemptions', {
        params: { path: { id: customerId } },
        body: { rewardId: reward.id, idempotencyKey: key },
      }),
    onSuccess: (done) => {
      qc.setQueryData(accountKey(customerId), done.account);
      void qc.invalidateQueries({ queryKey: accountKey(customerId) });
      void qc.invalidateQueries({ queryKey: loyaltyKey });
      onRedeemed({ ...done.redemption, rewardName: done.redemption.rewardName ?? chosen?.name });
    },
    onError: () => {
      // The balance or stock changed under us: show the fresh numbers beside the error.
      void qc.invalidateQueries({ queryKey: accountKey(customerId) });
      void qc.invalidateQueries({ queryKey: [...loyaltyKey, 'rewards'] });
    },
  });
  const problem = redeem.error instanceof ApiError ? redeem.error.problem : null;
  const errorText =
    problem && (redeemErrors as readonly string[]).includes(problem.code)
      ? t(`loyalty.redeem.errors.${problem.code}`)
      : redeem.error?.message;
  let list: ReactNode;
  if (rewards.isPending || levels.isPending) list = <Loading />;
  else if (rewards.isError) list = <ErrorState error={rewards.error} onRetry={() => rewards.refetch()} />;
  else if (offered.length === 0) list = <Text c="dimmed">{t('loyalty.redeem.noRewards')}</Text>;
  else
    list = (
      <Radio.Group value={rewardId} onChange={setRewardId} label={t('loyalty.redeem.pick')} name="reward">
        <Stack gap="xs" mt="xs">
          {offered.map((r) => {
            const e = eligibility(r, account, levels.data ?? [], now);
            return (
              <Radio.Card
                key={r.id}
                value={r.id}
                disabled={!e.ok}
                p="xs"
                radius="md"
                data-testid="reward-option"
                aria-label={r.name}
                style={{ opacity: e.ok ? 1 : 0.55 }}
              >
                <Group wrap="nowrap" align="flex-start" gap="xs">
                  <Radio.Indicator disabled={!e.ok} />
                  <div style={{ minWidth: 0, flex: 1 }}>
                    <Group justify="space-between" wrap="nowrap" gap="xs">
                      <Text size="sm" fw={600} truncate>
                        {r.name}
                      </Text>
                      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                        {fmt.number(r.pointsPrice)} {account.pointsUnit}
                      </Text>
                    </Group>
                    {!e.ok && (
                      <Text size="xs" c="dimmed">
                        {t(e.key, e.values)}
                      </Text>
                    )}
                  </div>
                </Group>
              </Radio.Card>
            );
          })}
        </Stack>
      </Radio.Group>
    );
  return (
    <Modal opened onClose={onClose} title={t('loyalty.redeem.title')}>
      <Stack>
        <Text size="sm">
          {t('loyalty.redeem.available', { points: fmt.number(account.spendable), unit: account.pointsUnit })}
        </Text>
        {errorText && (
          <Alert color="red" role="alert" title={t('loyalty.redeem.failed')} data-testid="redeem-error">
            {errorText}
          </Alert>
        )}
        {confirming && chosen ? (
          <Stack gap="xs" data-testid="redeem-confirm">
            <Text>
              {t('loyalty.redeem.confirmText', {
                name: chosen.name,
                points: fmt.number(chosen.pointsPrice),
                unit: account.pointsUnit,
              })}
            </Text>
            <Text size="sm" c="dimmed">
              {t('loyalty.redeem.after', {
                points: fmt.number(account.spendable - chosen.pointsPrice),
                unit: account.pointsUnit,
              })}
            </Text>
          </Stack>
        ) : (
          list
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={confirming ? () => setConfirming(false) : onClose}>
            {confirming ? t('loyalty.redeem.back') : t('settings.cancel')}
          </Button>
          {confirming && chosen ? (
            <Button
              onClick={() => redeem.mutate(chosen)}
              loading={redeem.isPending}
              data-testid="redeem-confirm-button"
            >
              {t('loyalty.redeem.confirm')}
            </Button>
          ) : (
            <Button disabled={!chosen} onClick={() => setConfirming(true)} data-testid="redeem-next">
              {t('loyalty.redeem.next')}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}

function AdjustDialog({
  me,
  customerId,
  unit,
  onClose,
}: {
  me: PanelProps['me'];
  customerId: string;
  unit: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const kinds = (['adjust', 'compensation'] as const).filter((k) =>
    allowed(me, k === 'adjust' ? 'loyalty:adjust' : 'loyalty:compensate'),
  );
  const [kind, setKind] = useState<(typeof kinds)[number]>(kinds[0]);
  const [points, setPoints] = useState<number | ''>('');
  const [reason, setReason] = useState('');
  const [key] = useState(() => `web-${crypto.randomUUID()}`);
  const post = useMutation({
    mutationFn: () => {
      const init = {
        params: { path: { id: customerId } },
        body: { points: points === '' ? 0 : points, reason, idempotencyKey: `${key}-${kind}` },
      };
      return kind === 'adjust'
        ? api.POST('/customers/{id}/loyalty/adjustments', init)
        : api.POST('/customers/{id}/loyalty/compensations', init);
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: accountKey(customerId) });
      void qc.invalidateQueries({ queryKey: overviewKey(customerId) });
      onClose();
    },
  });
  const errors = fieldErrorsOf(post.error);
  return (
    <Modal opened onClose={onClose} title={t('loyalty.adjust.title')}>
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          post.mutate();
        }}
      >
        <Stack>
          {post.error && Object.keys(errors).length === 0 && (
            <Alert color="red" role="alert" title={t('app.error')}>
              {post.error.message}
            </Alert>
          )}
          {kinds.length > 1 && (
            <SegmentedControl
              value={kind}
              onChange={(v) => setKind(v as typeof kind)}
              data={kinds.map((k) => ({ value: k, label: t(`loyalty.adjust.kinds.${k}`) }))}
            />
          )}
          <Text size="xs" c="dimmed">
            {t(`loyalty.adjust.hints.${kind}`)}
          </Text>
          <NumberInput
            label={t('loyalty.adjust.points', { unit })}
            required
            allowDecimal={false}
            allowNegative={kind === 'adjust'}
            value={points}
            error={errors.points}
            onChange={(v) => setPoints(v === '' ? '' : Number(v))}
          />
          <Textarea
            label={t('loyalty.adjust.reason')}
            required
            value={reason}
            error={errors.reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
          <DialogActions onCancel={onClose} loading={post.isPending} label={t('loyalty.adjust.post')} />
        </Stack>
      </form>
    </Modal>
  );
}
