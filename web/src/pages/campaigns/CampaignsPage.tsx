// /campaigns: the workspace's campaigns (status, objective, launch, the sample-ratio check) and,
// for the one picked, each arm against the control over a chosen window — repurchase rate and
// revenue per member with 95 % intervals drawn as bars, p-values, and "not enough data yet".
import { Alert, Badge, Box, Group, NumberInput, Stack, Table, Text, Title } from '@mantine/core';
import { IconChartBar, IconSpeakerphone } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeDto } from '../../api.ts';
import { type CampaignDto, type CampaignResultsDto, useCampaignResults, useCampaigns } from '../../campaigns-api.ts';
import { Panel } from '../../components/Panel.tsx';
import { QueryCard } from '../../components/QueryCard.tsx';
import { EmptyState } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';
import { allowed } from '../../session.ts';
import { ActionsPanel } from './ActionsPanel.tsx';
import { ExternalResultsSection, UpliftSection } from './UpliftPanel.tsx';

export function CampaignsPage({ me }: { me: MeDto }) {
  const { t } = useTranslation();
  const [picked, setPicked] = useState<CampaignDto | null>(null);
  if (!allowed(me, 'campaigns:read'))
    return <EmptyState title={t('campaigns.notAllowedTitle')}>{t('campaigns.notAllowed')}</EmptyState>;
  return (
    <Stack>
      <Title order={2}>{t('campaigns.title')}</Title>
      <CampaignList picked={picked} onPick={setPicked} />
      {picked && (
        <Panel title={t('campaigns.actions.panel', { name: picked.name })} testId="campaign-detail">
          <ActionsPanel key={picked.id} campaign={picked} canWrite={allowed(me, 'campaigns:write')} />
        </Panel>
      )}
      {picked &&
        (picked.status === 'draft' ? (
          <EmptyState title={t('campaigns.results.draftTitle')}>{t('campaigns.results.draft')}</EmptyState>
        ) : (
          <ResultsSection id={picked.id} />
        ))}
      {picked?.status === 'finished' && (
        <UpliftSection key={picked.id} id={picked.id} name={picked.name} canWrite={allowed(me, 'campaigns:write')} />
      )}
      {picked && <ExternalResultsSection key={picked.id} id={picked.id} canWrite={allowed(me, 'campaigns:write')} />}
    </Stack>
  );
}

function CampaignList({ picked, onPick }: { picked: CampaignDto | null; onPick: (c: CampaignDto) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const query = useCampaigns();
  return (
    <QueryCard
      title={t('campaigns.list.title')}
      icon={<IconSpeakerphone size={20} />}
      testId="campaigns-list"
      query={query}
      isEmpty={(d) => d.items.length === 0}
      empty={<EmptyState title={t('campaigns.list.emptyTitle')}>{t('campaigns.list.empty')}</EmptyState>}
    >
      {(data) => (
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('campaigns.list.name')}</Table.Th>
              <Table.Th>{t('campaigns.list.objective')}</Table.Th>
              <Table.Th>{t('campaigns.list.status')}</Table.Th>
              <Table.Th>{t('campaigns.list.launched')}</Table.Th>
              <Table.Th ta="right">{t('campaigns.list.members')}</Table.Th>
              <Table.Th>{t('campaigns.list.split')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.items.map((c) => (
              <Table.Tr
                key={c.id}
                onClick={() => onPick(c)}
                style={{ cursor: 'pointer' }}
                bg={c.id === picked?.id ? 'var(--mantine-color-blue-light)' : undefined}
              >
                <Table.Td>{c.name}</Table.Td>
                <Table.Td>{t(`campaigns.objective.${c.objective}`)}</Table.Td>
                <Table.Td>
                  <Badge variant="light">{t(`campaigns.status.${c.status}`)}</Badge>
                </Table.Td>
                <Table.Td>{c.launchedAt ? fmt.date(c.launchedAt) : '—'}</Table.Td>
                <Table.Td ta="right">
                  {c.sampleRatio ? fmt.number(Object.values(c.sampleRatio.counts).reduce((s, n) => s + n, 0)) : '—'}
                </Table.Td>
                <Table.Td>
                  {c.sampleRatio === null ? (
                    '—'
                  ) : c.sampleRatio.mismatch ? (
                    <Badge color="red">{t('campaigns.list.srmMismatch')}</Badge>
                  ) : (
                    <Badge color="green" variant="light">
                      {t('campaigns.list.srmOk')}
                    </Badge>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </QueryCard>
  );
}

function ResultsSection({ id }: { id: string }) {
  const { t } = useTranslation();
  const [days, setDays] = useState(90);
  const query = useCampaignResults(id, days);
  return (
    <QueryCard
      title={t('campaigns.results.title')}
      icon={<IconChartBar size={20} />}
      testId="campaign-results"
      query={query}
      action={
        <NumberInput
          aria-label={t('campaigns.results.days')}
          label={t('campaigns.results.days')}
          min={1}
          max={3650}
          value={days}
          onChange={(v) => typeof v === 'number' && v >= 1 && setDays(v)}
          w={140}
        />
      }
    >
      {(r) => <Results r={r} />}
    </QueryCard>
  );
}

function Results({ r }: { r: CampaignResultsDto }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const pct = (x: number | null) => (x === null ? '—' : fmt.percent(x));
  const pts = (x: number) => `${x >= 0 ? '+' : ''}${fmt.number(Math.round(x * 1000) / 10)}`;
  const money = (x: number | null) => (x === null ? '—' : fmt.money(Math.round(x)));
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t('campaigns.results.window', { from: fmt.date(r.window.from), to: fmt.date(r.window.to) })}
      </Text>
      {!r.enoughData && (
        <Alert color="yellow" title={t('campaigns.results.notEnoughTitle')} data-testid="campaign-not-enough">
          {r.notes.map((n) => t(`campaigns.results.note.${n}`)).join(' ')}
        </Alert>
      )}
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('campaigns.results.arm')}</Table.Th>
            <Table.Th ta="right">{t('campaigns.results.members')}</Table.Th>
            <Table.Th ta="right">{t('campaigns.results.repurchase')}</Table.Th>
            <Table.Th ta="right">{t('campaigns.results.revenue')}</Table.Th>
            <Table.Th ta="right">{t('campaigns.results.cost')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {r.arms.map((a) => (
            <Table.Tr key={a.arm}>
              <Table.Td>
                {a.name} {a.control && <Badge variant="outline">{t('campaigns.results.control')}</Badge>}
              </Table.Td>
              <Table.Td ta="right">{fmt.number(a.n)}</Table.Td>
              <Table.Td ta="right">{pct(a.repurchaseRate)}</Table.Td>
              <Table.Td ta="right">{money(a.revenuePerMemberMinor)}</Table.Td>
              <Table.Td ta="right">{fmt.money(a.costMinor)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {r.comparisons.map((c) => (
        <Stack key={c.arm} gap={4}>
          <Text fw={600}>
            {t('campaigns.results.versus', { arm: r.arms.find((a) => a.arm === c.arm)?.name ?? c.arm })}
          </Text>
          {c.repurchase && (
            <IntervalRow
              label={t('campaigns.results.repurchaseDiff')}
              text={`${pts(c.repurchase.difference)} ${t('campaigns.results.points')} (${pts(c.repurchase.ci[0])} … ${pts(c.repurchase.ci[1])}), p ${fmt.number(Math.round(c.repurchase.p * 10000) / 10000)}`}
              ci={c.repurchase.ci}
              estimate={c.repurchase.difference}
              scale={Math.max(Math.abs(c.repurchase.ci[0]), Math.abs(c.repurchase.ci[1]), 1e-9)}
            />
          )}
          {c.revenue && (
            <IntervalRow
              label={t('campaigns.results.revenueDiff')}
              text={`${money(c.revenue.difference)} (${money(c.revenue.ci[0])} … ${money(c.revenue.ci[1])}), p ${fmt.number(Math.round(c.revenue.p * 10000) / 10000)}`}
              ci={c.revenue.ci}
              estimate={c.revenue.difference}
              scale={Math.max(Math.abs(c.revenue.ci[0]), Math.abs(c.revenue.ci[1]), 1e-9)}
            />
          )}
          <Text size="sm" data-testid={`campaign-roi-${c.arm}`}>
            {t('campaigns.results.roi', {
              cost: fmt.money(c.costMinor),
              margin: money(c.incrementalMarginMinor),
              roi: c.roi === null ? '—' : `${fmt.number(Math.round(c.roi * 1000) / 10)} %`,
            })}
          </Text>
          {c.repurchaseMde !== null && (
            <Text size="xs" c="dimmed">
              {t('campaigns.results.mde', { points: fmt.number(Math.round(c.repurchaseMde * 1000) / 10) })}
            </Text>
          )}
        </Stack>
      ))}
      {r.byTier.length > 1 && (
        <Table striped data-testid="campaign-by-tier">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('campaigns.results.tier')}</Table.Th>
              <Table.Th>{t('campaigns.results.arm')}</Table.Th>
              <Table.Th ta="right">{t('campaigns.results.members')}</Table.Th>
              <Table.Th ta="right">{t('campaigns.results.repurchase')}</Table.Th>
              <Table.Th ta="right">{t('campaigns.results.cost')}</Table.Th>
              <Table.Th ta="right">ROI</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {r.byTier.flatMap((tier) =>
              tier.arms.map((a) => {
                const roi = tier.comparisons.find((c) => c.arm === a.arm)?.roi ?? null;
                return (
                  <Table.Tr key={`${tier.tier}:${a.arm}`}>
                    <Table.Td>{tier.tier ?? t('campaigns.results.noTier')}</Table.Td>
                    <Table.Td>{a.name}</Table.Td>
                    <Table.Td ta="right">{fmt.number(a.n)}</Table.Td>
                    <Table.Td ta="right">{pct(a.repurchaseRate)}</Table.Td>
                    <Table.Td ta="right">{fmt.money(a.costMinor)}</Table.Td>
                    <Table.Td ta="right">{roi === null ? '—' : pct(roi)}</Table.Td>
                  </Table.Tr>
                );
              }),
            )}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

/** An interval as a bar on a scale centred on zero (no effect), with the estimate marked. */
function IntervalRow(props: { label: string; text: string; ci: [number, number]; estimate: number; scale: number }) {
  const at = (x: number) => `${50 + (45 * x) / props.scale}%`;
  const crossesZero = props.ci[0] <= 0 && props.ci[1] >= 0;
  return (
    <Group gap="sm" wrap="nowrap">
      <Text size="sm" w={180}>
        {props.label}
      </Text>
      <Box pos="relative" h={14} style={{ flex: 1, minWidth: 120 }} aria-hidden>
        <Box pos="absolute" left="50%" top={0} h={14} w={1} bg="gray" />
        <Box
          pos="absolute"
          top={5}
          h={4}
          left={at(props.ci[0])}
          w={`calc(${at(props.ci[1])} - ${at(props.ci[0])})`}
          bg={crossesZero ? 'gray' : props.estimate > 0 ? 'teal' : 'red'}
        />
        <Box pos="absolute" top={2} h={10} w={3} left={at(props.estimate)} bg="dark" />
      </Box>
      <Text size="sm">{props.text}</Text>
    </Group>
  );
}
