// The workspace's campaigns: name, status (and a scheduled launch), objective, members, arms and
// split, start, and the headline result — the first treatment arm's difference in repurchase
// against the control over 90 days, or "not enough data yet".
import { Badge, Button, Group, Table, Text } from '@mantine/core';
import { IconPlus, IconSpeakerphone } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type CampaignDto, useCampaignResults, useCampaigns } from '../../campaigns-api.ts';
import { QueryCard } from '../../components/QueryCard.tsx';
import { EmptyState } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';
import { useEffectText } from './Results.tsx';

const statusColor = { draft: 'gray', launched: 'blue', finished: 'green' } as const;

export function CampaignList(props: { picked: string | null; onPick: (id: string) => void; canWrite: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const query = useCampaigns();
  const create = props.canWrite && (
    <Button component={Link} to="/campaigns/new" size="xs" leftSection={<IconPlus size={14} />}>
      {t('campaigns.list.new')}
    </Button>
  );
  return (
    <QueryCard
      title={t('campaigns.list.title')}
      icon={<IconSpeakerphone size={20} />}
      testId="campaigns-list"
      query={query}
      action={create || undefined}
      isEmpty={(d) => d.items.length === 0}
      empty={<EmptyState title={t('campaigns.list.emptyTitle')}>{t('campaigns.list.empty')}</EmptyState>}
    >
      {(data) => (
        <Table.ScrollContainer minWidth={820}>
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('campaigns.list.name')}</Table.Th>
                <Table.Th>{t('campaigns.list.status')}</Table.Th>
                <Table.Th>{t('campaigns.list.objective')}</Table.Th>
                <Table.Th ta="right">{t('campaigns.list.members')}</Table.Th>
                <Table.Th>{t('campaigns.list.arms')}</Table.Th>
                <Table.Th>{t('campaigns.list.start')}</Table.Th>
                <Table.Th>{t('campaigns.list.headline')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.items.map((c) => (
                <Table.Tr
                  key={c.id}
                  onClick={() => props.onPick(c.id)}
                  style={{ cursor: 'pointer' }}
                  bg={c.id === props.picked ? 'var(--mantine-color-blue-light)' : undefined}
                  data-testid="campaign-row"
                >
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {c.name}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={statusColor[c.status]}>
                      {t(`campaigns.status.${c.status}`)}
                    </Badge>
                    {c.launchError && (
                      <Badge color="red" variant="outline" ml={4}>
                        {t('campaigns.list.launchFailed')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{t(`campaigns.objective.${c.objective}`)}</Table.Td>
                  <Table.Td ta="right">
                    {c.sampleRatio ? fmt.number(Object.values(c.sampleRatio.counts).reduce((s, n) => s + n, 0)) : '—'}
                  </Table.Td>
                  <Table.Td>
                    <Split campaign={c} />
                  </Table.Td>
                  <Table.Td>
                    {c.launchedAt
                      ? fmt.date(c.launchedAt)
                      : c.scheduledAt
                        ? t('campaigns.list.scheduled', { at: fmt.dateTime(c.scheduledAt) })
                        : '—'}
                  </Table.Td>
                  <Table.Td>{c.status === 'draft' ? '—' : <Headline campaign={c} />}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </QueryCard>
  );
}

/** The planned split ("10 / 90 %"), flagged when the launched split is off plan. */
function Split({ campaign: c }: { campaign: CampaignDto }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const total = c.arms.reduce((s, a) => s + a.share, 0);
  return (
    <Group gap={4} wrap="nowrap">
      <Text size="sm">
        {t('campaigns.list.armCount', { count: c.arms.length })} ·{' '}
        {c.arms.map((a) => fmt.percent(a.share / total, 0)).join(' / ')}
      </Text>
      {c.sampleRatio?.mismatch && <Badge color="red">{t('campaigns.list.srmMismatch')}</Badge>}
    </Group>
  );
}

function Headline({ campaign }: { campaign: CampaignDto }) {
  const { t } = useTranslation();
  const { pts } = useEffectText();
  const results = useCampaignResults(campaign.id, 90);
  if (!results.data) return <Text size="sm">…</Text>;
  const first = results.data.comparisons[0]?.repurchase;
  if (!results.data.enoughData || !first)
    return (
      <Text size="sm" c="dimmed" data-testid="headline-not-enough">
        {t('campaigns.results.notEnoughTitle')}
      </Text>
    );
  const clear = first.ci[0] > 0 || first.ci[1] < 0;
  return (
    <Text size="sm" c={clear ? (first.difference > 0 ? 'teal' : 'red') : undefined}>
      {t('campaigns.list.headlineText', { diff: pts(first.difference), lo: pts(first.ci[0]), hi: pts(first.ci[1]) })}
      {clear ? '' : ` · ${t('campaigns.list.noClearEffect')}`}
    </Text>
  );
}
