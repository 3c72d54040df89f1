// /campaigns/new: the campaign builder, step by step — segment → arms and split → actions →
// eligibility → schedule → review with sample size and minimum detectable effect. Nothing is saved
// until the last step; then the segment (when new), the campaign, its actions and eligibility are
// saved and, when asked, the campaign is launched and its actions started.
import { Button, Group, Select, Stack, Stepper, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { MeDto } from '../../../api.ts';
import { useBuildCampaign, useSegments } from '../../../campaigns-api.ts';
import { GeneralError } from '../../../components/FieldErrors.tsx';
import { EmptyState } from '../../../components/States.tsx';
import { allowed } from '../../../session.ts';
import { ActionsEditor } from '../ActionsEditor.tsx';
import { ArmsStep } from './ArmsStep.tsx';
import { usable } from './Conditions.tsx';
import { type Draft, emptyDraft, objectives, stepProblems, toBuilt } from './draft.ts';
import { EligibilityStep } from './EligibilityStep.tsx';
import { ReviewStep } from './ReviewStep.tsx';
import { ScheduleStep } from './ScheduleStep.tsx';
import { SegmentStep, useSegmentCount } from './SegmentStep.tsx';

const steps = ['segment', 'arms', 'actions', 'eligibility', 'schedule', 'review'] as const;

export function CampaignBuilder({ me }: { me: MeDto }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [step, setStep] = useState(0);
  const build = useBuildCampaign();
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const saved = useSegments().data?.items ?? [];
  const picked = saved.find((s) => s.id === draft.segmentId);
  const definition = draft.segmentMode === 'saved' ? (picked?.definition.all ?? null) : draft.conditions.filter(usable);
  const count = useSegmentCount(definition).data?.count ?? null;
  if (!allowed(me, 'campaigns:write'))
    return <EmptyState title={t('campaigns.notAllowedTitle')}>{t('campaigns.builder.notAllowed')}</EmptyState>;
  const names = {
    control: t('campaigns.arms.control'),
    treatment: (i: number) => t('campaigns.arms.treatment', { n: i }),
  };
  const arms = toBuilt(draft, names).campaign.arms;
  const problems = stepProblems(draft, step);
  const firstBlocked = steps.findIndex((_, i) => stepProblems(draft, i).length > 0);
  const finish = () => build.mutate(toBuilt(draft, names), { onSuccess: (c) => navigate(`/campaigns?id=${c.id}`) });
  return (
    <Stack data-testid="campaign-builder">
      <Title order={2}>{t('campaigns.builder.title')}</Title>
      <Group grow align="flex-start">
        <TextInput
          label={t('campaigns.builder.name')}
          value={draft.name}
          onChange={(e) => set({ name: e.currentTarget.value })}
          required
        />
        <Select
          label={t('campaigns.list.objective')}
          data={objectives.map((o) => ({ value: o, label: t(`campaigns.objective.${o}`) }))}
          value={draft.objective}
          onChange={(v) => v && set({ objective: v as Draft['objective'] })}
          allowDeselect={false}
        />
      </Group>
      <Stepper active={step} onStepClick={(i) => (firstBlocked === -1 || i <= firstBlocked) && setStep(i)} size="sm">
        {steps.map((s) => (
          <Stepper.Step key={s} label={t(`campaigns.builder.step.${s}`)}>
            <Stack pt="md">
              <Text size="sm" c="dimmed">
                {t(`campaigns.builder.hint.${s}`)}
              </Text>
              {s === 'segment' && <SegmentStep draft={draft} set={set} />}
              {s === 'arms' && <ArmsStep draft={draft} set={set} />}
              {s === 'actions' && (
                <ActionsEditor arms={arms} actions={draft.actions} onChange={(actions) => set({ actions })} />
              )}
              {s === 'eligibility' && <EligibilityStep draft={draft} set={set} />}
              {s === 'schedule' && <ScheduleStep draft={draft} set={set} />}
              {s === 'review' && (
                <ReviewStep
                  draft={draft}
                  set={set}
                  count={count}
                  segmentName={draft.segmentMode === 'saved' ? (picked?.name ?? '') : draft.segmentName}
                />
              )}
            </Stack>
          </Stepper.Step>
        ))}
      </Stepper>
      {problems.map((p) => (
        <Text key={p} size="sm" c="red">
          {t(p)}
        </Text>
      ))}
      <GeneralError error={build.error} known={[]} />
      <Group justify="space-between">
        <Button variant="default" onClick={() => (step === 0 ? navigate('/campaigns') : setStep(step - 1))}>
          {step === 0 ? t('campaigns.builder.cancel') : t('campaigns.builder.back')}
        </Button>
        {step < steps.length - 1 ? (
          <Button disabled={problems.length > 0} onClick={() => setStep(step + 1)}>
            {t('campaigns.builder.next')}
          </Button>
        ) : (
          <Button
            loading={build.isPending}
            disabled={firstBlocked !== -1}
            onClick={finish}
            data-testid="builder-finish"
          >
            {t(`campaigns.builder.finish.${draft.when}`)}
          </Button>
        )}
      </Group>
    </Stack>
  );
}
