// The 360's loyalty panel: the member's balance (spendable, pending, expiring soon), level and
// progress, the statement with why each entry happened (LoyaltyStatement), and the actions the
// caller's role may take — redeem a reward (a voucher code is issued), correct a balance, grant
// goodwill points (RedeemDialog, AdjustDialog), use a voucher.
import { Alert, Badge, Button, Code, CopyButton, Group, Progress, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconAward, IconGift, IconTicket } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api.ts';
import { Panel } from '../../components/Panel.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';
import type { AccountDto, RedemptionDto } from '../loyalty/model.ts';
import { allowed } from '../../session.ts';
import { AdjustDialog } from './AdjustDialog.tsx';
import { Statement } from './LoyaltyStatement.tsx';
import { RedeemDialog } from './RedeemDialog.tsx';
import { loyaltyAccountKey as accountKey, type PanelProps } from './types.ts';
import { VoucherUse } from './VoucherUse.tsx';

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
