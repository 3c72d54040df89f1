// The builder's eligibility step: who may be reached, checked for each member when an action runs.
// Marketing consent on the message's channel is always required (shown, not switchable); the
// contact cap, quiet hours in the customer's time zone and the open-complaint exclusion are on by
// default and can be changed or turned off.
import { Checkbox, Group, NumberInput, Stack, Switch, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Draft } from './draft.ts';

const int = (v: string | number, fallback: number) => (typeof v === 'number' ? Math.round(v) : fallback);

export function EligibilityStep({ draft, set }: { draft: Draft; set: (patch: Partial<Draft>) => void }) {
  const { t } = useTranslation();
  const e = draft.eligibility;
  const put = (patch: Partial<Draft['eligibility']>) => set({ eligibility: { ...e, ...patch } });
  return (
    <Stack>
      <Checkbox
        checked
        disabled
        label={t('campaigns.eligibility.consent')}
        description={t('campaigns.eligibility.consentHint')}
      />
      <Stack gap={4}>
        <Switch
          label={t('campaigns.eligibility.cap')}
          checked={e.frequencyCap !== null}
          onChange={(ev) => put({ frequencyCap: ev.currentTarget.checked ? { max: 3, days: 7 } : null })}
        />
        {e.frequencyCap && (
          <Group>
            <NumberInput
              label={t('campaigns.eligibility.capMax')}
              min={1}
              max={100}
              value={e.frequencyCap.max}
              onChange={(v) => put({ frequencyCap: { ...e.frequencyCap!, max: int(v, 1) } })}
              w={200}
            />
            <NumberInput
              label={t('campaigns.eligibility.capDays')}
              min={1}
              max={365}
              value={e.frequencyCap.days}
              onChange={(v) => put({ frequencyCap: { ...e.frequencyCap!, days: int(v, 1) } })}
              w={200}
            />
          </Group>
        )}
      </Stack>
      <Stack gap={4}>
        <Switch
          label={t('campaigns.eligibility.quiet')}
          checked={e.quietHours !== null}
          onChange={(ev) => put({ quietHours: ev.currentTarget.checked ? { start: 21, end: 8 } : null })}
        />
        {e.quietHours && (
          <>
            <Group>
              <NumberInput
                label={t('campaigns.eligibility.quietStart')}
                min={0}
                max={23}
                value={e.quietHours.start}
                onChange={(v) => put({ quietHours: { ...e.quietHours!, start: int(v, 0) } })}
                w={200}
              />
              <NumberInput
                label={t('campaigns.eligibility.quietEnd')}
                min={0}
                max={23}
                value={e.quietHours.end}
                onChange={(v) => put({ quietHours: { ...e.quietHours!, end: int(v, 0) } })}
                w={200}
              />
            </Group>
            <Text size="xs" c="dimmed">
              {t('campaigns.eligibility.quietHint')}
            </Text>
          </>
        )}
      </Stack>
      <Switch
        label={t('campaigns.eligibility.complaints')}
        checked={e.excludeOpenComplaints}
        onChange={(ev) => put({ excludeOpenComplaints: ev.currentTarget.checked })}
      />
    </Stack>
  );
}
