// The complaint SLA: hours to resolve per severity × customer tier, and whether deadlines count
// only business hours (a weekly calendar in the workspace's time zone, plus holidays).
// GET/PATCH /complaint-settings; managers edit, everyone else reads.
import { Alert, NumberInput, SimpleGrid, Stack, Switch, Table, TagsInput, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ComplaintSettingsDto, type MeDto } from '../../api.ts';
import { fieldErrorsOf, GeneralError } from '../../components/FieldErrors.tsx';
import { SaveRow } from '../../components/FormParts.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { allowed } from '../../session.ts';
import { hoursText, type Interval, parseHours } from './hours.ts';

type Severity = keyof ComplaintSettingsDto['slaMatrix'];
type Tier = keyof NonNullable<ComplaintSettingsDto['slaMatrix'][Severity]>;
type Weekday = keyof ComplaintSettingsDto['weeklyHours'];
const severities = ['critical', 'high', 'medium', 'low'] as const satisfies readonly Severity[];
const tiers = ['platinum', 'gold', 'iron', 'lead', 'none'] as const satisfies readonly Tier[];
const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const satisfies readonly Weekday[];

export const settingsKey = ['complaint-settings'] as const;

export function SlaSettings({ me }: { me: MeDto }) {
  const settings = useQuery({ queryKey: settingsKey, queryFn: () => api.GET('/complaint-settings') });
  if (settings.isPending) return <Loading />;
  if (settings.isError) return <ErrorState error={settings.error} onRetry={() => settings.refetch()} />;
  return <SlaForm settings={settings.data} editable={allowed(me, 'complaints:manage')} />;
}

function SlaForm({ settings, editable }: { settings: ComplaintSettingsDto; editable: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [matrix, setMatrix] = useState(settings.slaMatrix);
  const [businessHoursOnly, setBusinessHoursOnly] = useState(settings.businessHoursOnly);
  const [week, setWeek] = useState(
    () => Object.fromEntries(weekdays.map((d) => [d, hoursText(settings.weeklyHours[d])])) as Record<Weekday, string>,
  );
  const [holidays, setHolidays] = useState(settings.holidays);
  const [badDays, setBadDays] = useState<Weekday[]>([]);
  const save = useMutation({
    mutationFn: (weeklyHours: Record<Weekday, Interval[]>) =>
      api.PATCH('/complaint-settings', { body: { slaMatrix: matrix, businessHoursOnly, weeklyHours, holidays } }),
    onSuccess: (saved) => qc.setQueryData(settingsKey, saved),
  });
  const errors = fieldErrorsOf(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = weekdays.map((d) => [d, parseHours(week[d])] as const);
    const bad = parsed.filter(([, v]) => v === null).map(([d]) => d);
    setBadDays(bad);
    if (bad.length) return;
    save.mutate(Object.fromEntries(parsed) as Record<Weekday, Interval[]>);
  };
  return (
    <form onSubmit={submit} data-testid="sla-form">
      <Stack maw={900}>
        {!editable && <Text c="dimmed">{t('settings.noPermission')}</Text>}
        <GeneralError error={save.error} known={['slaMatrix', 'weeklyHours', 'holidays', 'businessHoursOnly']} />
        <div>
          <Title order={4}>{t('settings.sla.matrix')}</Title>
          <Text size="sm" c="dimmed">
            {t('settings.sla.matrixHint')}
          </Text>
        </div>
        <Table.ScrollContainer minWidth={560}>
          <Table withTableBorder withColumnBorders>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('settings.sla.severity')}</Table.Th>
                {tiers.map((tier) => (
                  <Table.Th key={tier}>{t(`settings.sla.tiers.${tier}`)}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {severities.map((s) => (
                <Table.Tr key={s}>
                  <Table.Th>{t(`severity.${s}`)}</Table.Th>
                  {tiers.map((tier) => (
                    <Table.Td key={tier}>
                      <NumberInput
                        aria-label={t('settings.sla.cell', {
                          severity: t(`severity.${s}`),
                          tier: t(`settings.sla.tiers.${tier}`),
                        })}
                        size="xs"
                        min={1}
                        max={24 * 365}
                        allowDecimal={false}
                        allowNegative={false}
                        suffix=" h"
                        disabled={!editable}
                        value={matrix[s]?.[tier] ?? ''}
                        error={errors[`slaMatrix.${s}.${tier}`]}
                        onChange={(v) =>
                          setMatrix({ ...matrix, [s]: { ...matrix[s], [tier]: v === '' ? 0 : Number(v) } })
                        }
                      />
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <div>
          <Title order={4}>{t('settings.sla.calendar')}</Title>
          <Text size="sm" c="dimmed">
            {t('settings.sla.calendarHint', { zone: settings.timeZone })}
          </Text>
        </div>
        <Switch
          label={t('settings.sla.businessHoursOnly')}
          checked={businessHoursOnly}
          disabled={!editable}
          onChange={(e) => setBusinessHoursOnly(e.currentTarget.checked)}
        />
        {errors.weeklyHours && (
          <Alert color="red" role="alert">
            {errors.weeklyHours}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
          {weekdays.map((d) => (
            <TextInput
              key={d}
              label={t(`settings.sla.weekdays.${d}`)}
              placeholder={t('settings.sla.closed')}
              value={week[d]}
              disabled={!editable}
              error={badDays.includes(d) ? t('settings.sla.badHours') : undefined}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setWeek((w) => ({ ...w, [d]: v }));
                setBadDays((bad) => bad.filter((b) => b !== d));
              }}
            />
          ))}
        </SimpleGrid>
        <TagsInput
          label={t('settings.sla.holidays')}
          description={t('settings.sla.holidaysHint')}
          value={holidays}
          disabled={!editable}
          error={errors.holidays}
          onChange={setHolidays}
          splitChars={[',', ' ']}
        />
        {editable && <SaveRow loading={save.isPending} saved={save.isSuccess} testId="save-sla" />}
      </Stack>
    </form>
  );
}
