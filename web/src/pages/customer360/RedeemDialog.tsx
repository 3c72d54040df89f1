// Redeeming a reward for a member: the active rewards with why any is out of reach, a
// confirmation with the balance after, and one idempotency key per dialog.
import { Alert, Button, Group, Modal, Radio, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api.ts';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';
import { type AccountDto, eligibility, type RedemptionDto, redeemErrors, type RewardDto } from '../loyalty/model.ts';
import { loyaltyKey, useLevels, useRewards } from '../loyalty/queries.ts';
import { loyaltyAccountKey as accountKey } from './types.ts';
import { errorText } from '../../problemText.ts';

export function RedeemDialog({
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
  const { t, i18n } = useTranslation();
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
  const refusal =
    problem && (redeemErrors as readonly string[]).includes(problem.code)
      ? t(`loyalty.redeem.errors.${problem.code}`)
      : redeem.error
        ? errorText(redeem.error, t, i18n.language)
        : undefined;
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
        {refusal && (
          <Alert color="red" role="alert" title={t('loyalty.redeem.failed')} data-testid="redeem-error">
            {refusal}
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
