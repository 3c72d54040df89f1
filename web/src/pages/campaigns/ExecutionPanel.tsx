// A launched campaign's execution, followed live (the progress is asked again every two seconds
// while it runs): handled of total, and per action done, waiting for quiet hours, skipped by
// reason and failed; the costs per arm; members flagged for conflicting campaigns.
import { Badge, Button, Group, Progress, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { type CampaignDto, useCampaignExecution, useStartExecution } from '../../campaigns-api.ts';
import { GeneralError } from '../../components/FieldErrors.tsx';
import { QueryCard } from '../../components/QueryCard.tsx';
import { useFormat } from '../../format.ts';

export function ExecutionPanel({ campaign, canWrite }: { campaign: CampaignDto; canWrite: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const query = useCampaignExecution(campaign.id);
  const start = useStartExecution(campaign.id);
  const reason = (r: string) => t(`campaigns.execution.reason.${r}`, t('campaigns.execution.reason.other'));
  return (
    <QueryCard title={t('campaigns.execution.title')} testId="campaign-execution" query={query}>
      {(e) => {
        const handled = e.total - e.pending;
        return (
          <Stack gap="xs">
            <Group>
              <Badge variant="light" data-testid="execution-status" data-value={e.status}>
                {t(`campaigns.execution.status.${e.status}`)}
              </Badge>
              {campaign.conflicts ? (
                <Badge color="orange">{t('campaigns.execution.conflicts', { count: campaign.conflicts })}</Badge>
              ) : null}
              {canWrite && e.status === 'idle' && campaign.status === 'launched' && campaign.actions.length > 0 && (
                <Button size="xs" loading={start.isPending} onClick={() => start.mutate()}>
                  {t('campaigns.execution.start')}
                </Button>
              )}
            </Group>
            <GeneralError error={start.error} known={[]} />
            <Progress value={e.total ? (100 * handled) / e.total : 0} aria-label={t('campaigns.execution.title')} />
            <Text size="sm" data-testid="execution-summary">
              {t('campaigns.execution.summary', {
                handled: fmt.number(handled),
                total: fmt.number(e.total),
                done: fmt.number(e.done),
                deferred: fmt.number(e.deferred),
                failed: fmt.number(e.failed),
              })}
            </Text>
            {e.byAction.length > 0 && (
              <Table striped data-testid="execution-by-action">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('campaigns.execution.action')}</Table.Th>
                    <Table.Th ta="right">{t('campaigns.execution.done')}</Table.Th>
                    <Table.Th ta="right">{t('campaigns.execution.waiting')}</Table.Th>
                    <Table.Th>{t('campaigns.execution.skipped')}</Table.Th>
                    <Table.Th ta="right">{t('campaigns.execution.failed')}</Table.Th>
                    <Table.Th ta="right">{t('campaigns.execution.pending')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {e.byAction.map((a) => (
                    <Table.Tr key={a.actionKey}>
                      <Table.Td>{campaign.actions.find((x) => x.key === a.actionKey)?.name ?? a.actionKey}</Table.Td>
                      <Table.Td ta="right">{fmt.number(a.done)}</Table.Td>
                      <Table.Td ta="right">{fmt.number(a.deferred)}</Table.Td>
                      <Table.Td>
                        {Object.keys(a.skippedByReason).length === 0
                          ? fmt.number(0)
                          : Object.entries(a.skippedByReason)
                              .map(([r, n]) => `${reason(r)}: ${fmt.number(n)}`)
                              .join('; ')}
                      </Table.Td>
                      <Table.Td ta="right">{fmt.number(a.failed)}</Table.Td>
                      <Table.Td ta="right">{fmt.number(a.pending)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
            {Object.entries(e.failedByReason).map(([r, n]) => (
              <Text size="sm" c="red" key={r}>
                {reason(r)}: {fmt.number(n)}
              </Text>
            ))}
            {Object.entries(e.costMinorByArm).map(([arm, cost]) => (
              <Text size="sm" key={arm}>
                {t('campaigns.execution.cost', {
                  arm: campaign.arms.find((a) => a.key === arm)?.name ?? arm,
                  cost: fmt.money(cost),
                })}
              </Text>
            ))}
          </Stack>
        );
      }}
    </QueryCard>
  );
}
