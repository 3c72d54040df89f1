// The survey settings card: relationship NPS (on/off, daily sample, minimum interval), the CSAT
// triggers and interval, link lifetime and reminders. Read-only for roles without surveys:manage.
import { Checkbox, Group, NumberInput, SimpleGrid, Stack, Switch } from '@mantine/core';
import { IconSettings } from '@tabler/icons-react';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeDto } from '../../api.ts';
import { GeneralError, fieldErrorsOf } from '../../components/FieldErrors.tsx';
import { SaveRow } from '../../components/FormParts.tsx';
import { QueryCard } from '../../components/QueryCard.tsx';
import { allowed } from '../../session.ts';
import { type SurveySettingsDto, useSaveSurveySettings, useSurveySettings } from '../../surveys-api.ts';

const triggers = ['purchase', 'contact', 'complaint_resolved'] as const;
const numbers = [
  'npsSamplePerDay',
  'npsMinIntervalDays',
  'csatMinIntervalDays',
  'linkTtlDays',
  'reminderAfterDays',
  'maxReminders',
] as const;

export function SurveySettingsCard({ me }: { me: MeDto }) {
  const { t } = useTranslation();
  const query = useSurveySettings();
  return (
    <QueryCard
      title={t('surveys.settings.title')}
      icon={<IconSettings size={20} />}
      testId="survey-settings"
      query={query}
    >
      {(d) => <SettingsForm initial={d} editable={allowed(me, 'surveys:manage')} />}
    </QueryCard>
  );
}

function SettingsForm({ initial, editable }: { initial: SurveySettingsDto; editable: boolean }) {
  const { t } = useTranslation();
  const [form, setForm] = useState(initial);
  useEffect(() => setForm(initial), [initial]);
  const save = useSaveSurveySettings();
  const errors = fieldErrorsOf(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const { followUpAssigneeId: _unchanged, ...body } = form;
    save.mutate(body);
  };
  return (
    <form onSubmit={submit}>
      <Stack>
        <GeneralError error={save.error} known={[...numbers, 'npsEnabled', 'csatTriggers']} />
        <Switch
          label={t('surveys.settings.npsEnabled')}
          checked={form.npsEnabled}
          disabled={!editable}
          onChange={(e) => {
            const v = e.currentTarget.checked;
            setForm((f) => ({ ...f, npsEnabled: v }));
          }}
        />
        <Checkbox.Group
          label={t('surveys.settings.csatTriggers')}
          value={form.csatTriggers}
          onChange={(v) => setForm((f) => ({ ...f, csatTriggers: v as SurveySettingsDto['csatTriggers'] }))}
        >
          <Group mt="xs">
            {triggers.map((tr) => (
              <Checkbox key={tr} value={tr} label={t(`surveys.trigger.${tr}`)} disabled={!editable} />
            ))}
          </Group>
        </Checkbox.Group>
        <SimpleGrid cols={{ base: 2, sm: 3 }}>
          {numbers.map((k) => (
            <NumberInput
              key={k}
              label={t(`surveys.settings.${k}`)}
              value={form[k]}
              min={0}
              allowDecimal={false}
              disabled={!editable}
              error={errors[k]}
              onChange={(v) => setForm((f) => ({ ...f, [k]: typeof v === 'number' ? v : 0 }))}
            />
          ))}
        </SimpleGrid>
        {editable && <SaveRow loading={save.isPending} saved={save.isSuccess} />}
      </Stack>
    </form>
  );
}
