// The 360's churn panel: the customer's risk of leaving (the contract model's, or 1 − P(alive)),
// its top three drivers in words, the value at stake and the expected loss, and each running
// contract's discounted expected residual lifetime (GET /customers/{id}/churn).
import { Group, List, Stack, Text } from '@mantine/core';
import { IconUserMinus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useCustomerChurn } from '../../churn-api.ts';
import { Panel } from '../../components/Panel.tsx';
import { Stat } from '../../components/Stat.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';
import { useChurnWords } from '../churn/words.ts';
import type { PanelProps } from './types.ts';

export function ChurnPanel({ overview }: PanelProps) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const w = useChurnWords();
  const query = useCustomerChurn(overview.customer.id);
  let body;
  if (query.isPending) body = <Loading />;
  else if (query.isError) body = <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  else if (!query.data.risk)
    body = (
      <Text size="sm" c="dimmed">
        {t('churn.customer.none')}
      </Text>
    );
  else {
    const r = query.data.risk;
    body = (
      <Stack gap="sm">
        <Group gap="lg" wrap="wrap">
          <Stat
            label={
              r.horizonMonths
                ? t('churn.customer.riskIn', { count: r.horizonMonths })
                : t('churn.customer.riskPurchase')
            }
            value={w.percent(r.risk)}
            testId="churn-risk"
          />
          <Stat label={t('churn.worklist.atStake')} value={fmt.money(r.valueAtStakeMinor)} />
          <Stat label={t('churn.worklist.loss')} value={fmt.money(r.expectedLossMinor)} />
        </Group>
        {r.drivers.length > 0 && (
          <div>
            <Text size="xs" c="dimmed">
              {t('churn.customer.drivers')}
            </Text>
            <List size="sm" data-testid="churn-drivers-list">
              {r.drivers.map((d) => (
                <List.Item key={`${d.code}:${d.level ?? ''}`}>{w.driver(d)}</List.Item>
              ))}
            </List>
          </div>
        )}
        {query.data.contracts.map((c) => (
          <Text size="sm" key={c.contractId}>
            {c.derlMonths === null
              ? t('churn.customer.contractNoOutlook', { plan: c.plan, count: c.monthsLived })
              : t('churn.customer.contract', { plan: c.plan, count: c.monthsLived, derl: w.num(c.derlMonths, 1) })}
          </Text>
        ))}
      </Stack>
    );
  }
  return (
    <Panel title={t('panels.churn')} icon={<IconUserMinus size={20} />} testId="churn-panel">
      {body}
    </Panel>
  );
}
