// /campaigns: the workspace's campaigns (CampaignList) and, for the one picked (?id=), its state
// and lifecycle moves (launch, schedule, finish), actions and live execution (ActionsPanel) and
// results against the control (Results). New campaigns are made in the builder, /campaigns/new.
import { Alert, Badge, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { MeDto } from '../../api.ts';
import { type CampaignDto, useCampaign, useCampaignMove } from '../../campaigns-api.ts';
import { GeneralError } from '../../components/FieldErrors.tsx';
import { Panel } from '../../components/Panel.tsx';
import { EmptyState } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';
import { allowed } from '../../session.ts';
import { ActionsPanel } from './ActionsPanel.tsx';
import { CampaignList } from './CampaignList.tsx';
import { ResultsSection } from './Results.tsx';
import { ExternalResultsSection, UpliftSection } from './UpliftPanel.tsx';

export function CampaignsPage({ me }: { me: MeDto }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const pickedId = params.get('id');
  const picked = useCampaign(pickedId).data ?? null;
  if (!allowed(me, 'campaigns:read'))
    return <EmptyState title={t('campaigns.notAllowedTitle')}>{t('campaigns.notAllowed')}</EmptyState>;
  const canWrite = allowed(me, 'campaigns:write');
  return (
    <Stack>
      <Title order={2}>{t('campaigns.title')}</Title>
      <CampaignList picked={pickedId} onPick={(id) => setParams({ id })} canWrite={canWrite} />
      {picked && (
        <Panel title={t('campaigns.actions.panel', { name: picked.name })} testId="campaign-detail">
          <Stack>
            <Lifecycle key={`${picked.id}:${picked.status}`} campaign={picked} canWrite={canWrite} />
            <ActionsPanel key={`${picked.id}:${picked.status}`} campaign={picked} canWrite={canWrite} />
          </Stack>
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

/** Where the campaign stands, and the moves open to it: launch or unschedule a draft, finish a launched one. */
function Lifecycle({ campaign: c, canWrite }: { campaign: CampaignDto; canWrite: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const move = useCampaignMove(c.id);
  return (
    <Stack gap="xs">
      <Group gap="xs">
        <Badge variant="light" data-testid="campaign-status" data-value={c.status}>
          {t(`campaigns.status.${c.status}`)}
        </Badge>
        <Text size="sm">
          {c.launchedAt
            ? t('campaigns.detail.launched', { at: fmt.dateTime(c.launchedAt) })
            : c.scheduledAt
              ? t('campaigns.list.scheduled', { at: fmt.dateTime(c.scheduledAt) })
              : t('campaigns.detail.notScheduled')}
        </Text>
        {c.heldOut ? <Text size="sm">{t('campaigns.detail.heldOut', { n: fmt.number(c.heldOut) })}</Text> : null}
      </Group>
      {c.launchError && (
        <Alert color="red" title={t('campaigns.detail.launchFailedTitle')}>
          {t(`campaigns.detail.launchError.${c.launchError}`)}
        </Alert>
      )}
      {canWrite && c.status !== 'finished' && (
        <Group gap="xs">
          {c.status === 'draft' && (
            <Button size="xs" loading={move.isPending} onClick={() => move.mutate({ to: 'launch' })}>
              {t('campaigns.detail.launch')}
            </Button>
          )}
          {c.status === 'draft' && c.scheduledAt && (
            <Button size="xs" variant="default" onClick={() => move.mutate({ scheduledAt: null })}>
              {t('campaigns.detail.unschedule')}
            </Button>
          )}
          {c.status === 'launched' && (
            <Button size="xs" variant="default" loading={move.isPending} onClick={() => move.mutate({ to: 'finish' })}>
              {t('campaigns.detail.finish')}
            </Button>
          )}
        </Group>
      )}
      <GeneralError error={move.error} known={[]} />
    </Stack>
  );
}
