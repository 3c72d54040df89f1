// The builder's schedule step: launch when the builder ends (and start the actions), launch by
// itself at a date and time (the server's launch job), or keep a draft to launch by hand.
import { Radio, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Draft } from './draft.ts';

export function ScheduleStep({ draft, set }: { draft: Draft; set: (patch: Partial<Draft>) => void }) {
  const { t } = useTranslation();
  return (
    <Stack>
      <Radio.Group value={draft.when} onChange={(v) => set({ when: v as Draft['when'] })}>
        <Stack gap="xs">
          <Radio value="now" label={t('campaigns.schedule.now')} description={t('campaigns.schedule.nowHint')} />
          <Radio value="later" label={t('campaigns.schedule.later')} description={t('campaigns.schedule.laterHint')} />
          <Radio value="draft" label={t('campaigns.schedule.draft')} description={t('campaigns.schedule.draftHint')} />
        </Stack>
      </Radio.Group>
      {draft.when === 'later' && (
        <TextInput
          type="datetime-local"
          label={t('campaigns.schedule.at')}
          value={draft.scheduledAt}
          onChange={(e) => set({ scheduledAt: e.currentTarget.value })}
          w={260}
        />
      )}
      {draft.when === 'later' && (
        <Text size="xs" c="dimmed">
          {t('campaigns.schedule.localTime')}
        </Text>
      )}
    </Stack>
  );
}
