// A campaign's actions and execution: while a draft, its actions per treatment arm, saved as they
// change; once launched, the actions as they were and the live execution (ExecutionPanel).
import { Stack, Text } from '@mantine/core';
import { IconBolt } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CampaignActionDto, type CampaignDto, useSaveActions } from '../../campaigns-api.ts';
import { GeneralError } from '../../components/FieldErrors.tsx';
import { ActionsEditor } from './ActionsEditor.tsx';
import { ExecutionPanel } from './ExecutionPanel.tsx';

export function ActionsPanel({ campaign, canWrite }: { campaign: CampaignDto; canWrite: boolean }) {
  const { t } = useTranslation();
  const save = useSaveActions(campaign.id);
  const [actions, setActions] = useState<CampaignActionDto[]>(campaign.actions);
  const editable = canWrite && campaign.status === 'draft';
  const update = (next: CampaignActionDto[]) => {
    setActions(next);
    save.mutate(next);
  };
  return (
    <Stack gap="sm">
      <Text fw={600}>
        <IconBolt size={16} /> {t('campaigns.actions.title')}
      </Text>
      <ActionsEditor
        arms={campaign.arms}
        actions={actions}
        onChange={editable ? update : undefined}
        busy={save.isPending}
      />
      <GeneralError error={save.error} known={[]} />
      {campaign.status !== 'draft' && <ExecutionPanel campaign={campaign} canWrite={canWrite} />}
    </Stack>
  );
}
