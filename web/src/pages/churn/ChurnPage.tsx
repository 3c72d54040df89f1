// /churn: churn diagnostics for managers and analysts — the model card (cross-validated AUC
// against the tenure-only baseline, Brier score, calibration, flagged runs), retention curves
// per cohort, Kaplan–Meier by segment, what moves churn, and the at-risk worklist with assign.
import { Badge, Button, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconBrain, IconHistory, IconScale } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { can } from '../../../../src/http/permissions.ts';
import type { MeDto } from '../../api.ts';
import { type ModelCardDto, useChurnModel, useChurnRuns, useDrivers, useRunChurn } from '../../churn-api.ts';
import { QueryCard } from '../../components/QueryCard.tsx';
import { Stat } from '../../components/Stat.tsx';
import { EmptyState } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';
import { allowed } from '../../session.ts';
import { BondsOverview } from '../bonds/BondsOverview.tsx';
import { RetentionSection, SurvivalSection } from './curves.tsx';
import { DefectionReasonsTable } from './reasons.tsx';
import { useChurnWords } from './words.ts';
import { WorklistSection } from './worklist.tsx';

export function ChurnPage({ me }: { me: MeDto }) {
  const { t } = useTranslation();
  if (!allowed(me, 'churn:read'))
    return <EmptyState title={t('churn.notAllowedTitle')}>{t('churn.notAllowed')}</EmptyState>;
  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>{t('churn.title')}</Title>
        {can(me.role, 'churn:write') && <RunButton />}
      </Group>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <ModelCardSection />
        <DriversSection />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <RetentionSection />
        <SurvivalSection />
      </SimpleGrid>
      <WorklistSection me={me} />
      <BondsOverview />
      <RunsSection />
    </Stack>
  );
}

function RunButton() {
  const { t } = useTranslation();
  const { run, busy } = useRunChurn();
  return (
    <Button loading={run.isPending || busy} onClick={() => run.mutate()} data-testid="churn-run">
      {t('churn.run')}
    </Button>
  );
}

const noModel = (t: (k: string) => string) => (
  <EmptyState title={t('churn.noRun.title')}>{t('churn.noRun.body')}</EmptyState>
);

function ModelCardSection() {
  const { t } = useTranslation();
  const query = useChurnModel();
  return (
    <QueryCard
      title={t('churn.card.title')}
      icon={<IconBrain size={20} />}
      testId="churn-card"
      query={query}
      empty={noModel(t)}
    >
      {(card) => <ModelCard card={card} />}
    </QueryCard>
  );
}

function ModelCard({ card }: { card: ModelCardDto }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const w = useChurnWords();
  return (
    <Stack gap="sm">
      <Group gap="lg" wrap="wrap">
        <Stat
          label={t('churn.card.auc')}
          value={card.auc ? `${w.num(card.auc.mean, 3)} ± ${w.num(card.auc.sd, 3)}` : '—'}
          testId="churn-auc"
        />
        <Stat label={t('churn.card.baseline')} value={card.baselineAuc ? w.num(card.baselineAuc.mean, 3) : '—'} />
        <Stat label={t('churn.card.brier')} value={card.brier === null ? '—' : w.num(card.brier, 3)} />
        <Stat label={t('churn.card.rows')} value={fmt.number(card.run.rows ?? 0)} />
        <Stat label={t('churn.card.churners')} value={fmt.number(card.run.positives ?? 0)} />
      </Group>
      <Text size="sm" c="dimmed">
        {t('churn.card.explain', { months: card.horizonMonths, folds: card.folds })}
      </Text>
      <Table striped data-testid="churn-reliability">
        <Table.Caption>{t('churn.card.calibration')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('churn.card.bin')}</Table.Th>
            <Table.Th ta="right">{t('churn.card.count')}</Table.Th>
            <Table.Th ta="right">{t('churn.card.predicted')}</Table.Th>
            <Table.Th ta="right">{t('churn.card.observed')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {card.reliability.map((b) => (
            <Table.Tr key={b.from}>
              <Table.Td>{`${w.percent(b.from)} – ${w.percent(b.to)}`}</Table.Td>
              <Table.Td ta="right">{fmt.number(b.count)}</Table.Td>
              <Table.Td ta="right">{w.percent(b.meanPredicted)}</Table.Td>
              <Table.Td ta="right">{w.percent(b.observedRate)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function DriversSection() {
  const { t } = useTranslation();
  const query = useDrivers();
  const w = useChurnWords();
  return (
    <QueryCard
      title={t('churn.drivers.title')}
      icon={<IconScale size={20} />}
      testId="churn-drivers"
      query={query}
      empty={noModel(t)}
    >
      {(d) => (
        <Stack gap="xs">
          <Text size="sm" c="dimmed">
            {d.concordance === null
              ? t('churn.drivers.noCox')
              : t('churn.drivers.concordance', { c: w.num(d.concordance, 3) })}
          </Text>
          <Table striped data-testid="churn-drivers-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('churn.drivers.moves')}</Table.Th>
                <Table.Th ta="right">{t('churn.drivers.p')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d.effects.slice(0, 12).map((e) => (
                <Table.Tr key={`${e.code}:${e.level ?? ''}`}>
                  <Table.Td>{w.effect(e)}</Table.Td>
                  <Table.Td ta="right">
                    {e.p === null ? '—' : e.p < 0.001 ? `< ${w.num(0.001, 3)}` : w.num(e.p, 3)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <DefectionReasonsTable shares={d.defectionReasons} />
        </Stack>
      )}
    </QueryCard>
  );
}

function RunsSection() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const w = useChurnWords();
  const query = useChurnRuns();
  return (
    <QueryCard
      title={t('churn.runs.title')}
      icon={<IconHistory size={20} />}
      testId="churn-runs"
      query={query}
      isEmpty={(r) => r.length === 0}
      empty={noModel(t)}
    >
      {(runs) => (
        <Table.ScrollContainer minWidth={640}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('churn.runs.when')}</Table.Th>
                <Table.Th>{t('churn.runs.trigger')}</Table.Th>
                <Table.Th>{t('churn.runs.status')}</Table.Th>
                <Table.Th ta="right">{t('churn.card.auc')}</Table.Th>
                <Table.Th ta="right">{t('churn.card.baseline')}</Table.Th>
                <Table.Th>{t('churn.runs.used')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {runs.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>{fmt.dateTime(r.finishedAt ?? r.queuedAt)}</Table.Td>
                  <Table.Td>{t(`churn.runs.triggers.${r.trigger}`)}</Table.Td>
                  <Table.Td>{t(`churn.runs.statuses.${r.status}`)}</Table.Td>
                  <Table.Td ta="right">{r.auc === null ? '—' : w.num(r.auc, 3)}</Table.Td>
                  <Table.Td ta="right">{r.baselineAuc === null ? '—' : w.num(r.baselineAuc, 3)}</Table.Td>
                  <Table.Td>
                    {r.used ? (
                      <Badge color="teal" variant="light">
                        {t('churn.runs.inUse')}
                      </Badge>
                    ) : r.flag ? (
                      <Badge color="orange" variant="light">
                        {t(`churn.runs.flags.${r.flag}`)}
                      </Badge>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </QueryCard>
  );
}
