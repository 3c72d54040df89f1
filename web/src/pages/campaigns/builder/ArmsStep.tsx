// The builder's second step: the arms and the planned split — one control group and one or more
// treatment arms, each with a share — assignment stratified by tier or not, and the workspace's
// global holdout (customers kept out of every campaign) said plainly.
import { ActionIcon, Alert, Badge, Button, Checkbox, Group, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useHoldout } from '../../../campaigns-api.ts';
import { useFormat } from '../../../format.ts';
import { type ArmDraft, controlShare, type Draft, keyFrom } from './draft.ts';

export function ArmsStep({ draft, set }: { draft: Draft; set: (patch: Partial<Draft>) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const holdout = useHoldout();
  const total = draft.arms.reduce((s, a) => s + (a.share > 0 ? a.share : 0), 0);
  const setArm = (i: number, patch: Partial<ArmDraft>) =>
    set({ arms: draft.arms.map((a, j) => (j === i ? { ...a, ...patch } : a)) });
  const addArm = () => {
    const keys = draft.arms.map((a) => a.key);
    set({
      arms: [...draft.arms, { key: keyFrom('', keys, `arm-${keys.length}`), name: '', share: 10, control: false }],
    });
  };
  const control = controlShare(draft);
  return (
    <Stack>
      {draft.arms.map((a, i) => (
        <Group key={a.key} align="flex-end" wrap="nowrap" data-testid={`arm-${i}`}>
          <TextInput
            label={a.control ? t('campaigns.arms.controlName') : t('campaigns.arms.name', { n: i })}
            placeholder={a.control ? t('campaigns.arms.control') : t('campaigns.arms.treatment', { n: i })}
            value={a.name}
            onChange={(e) => setArm(i, { name: e.currentTarget.value })}
            style={{ flex: 1 }}
          />
          <NumberInput
            label={a.control ? t('campaigns.arms.controlShare') : t('campaigns.arms.share')}
            min={1}
            max={99}
            suffix=" %"
            value={a.share}
            onChange={(v) => setArm(i, { share: typeof v === 'number' ? v : 0 })}
            w={160}
          />
          <Badge variant="light" mb={6} w={80}>
            {total > 0 ? fmt.percent(a.share / total) : '—'}
          </Badge>
          {a.control ? (
            <div style={{ width: 28 }} />
          ) : (
            <ActionIcon
              variant="subtle"
              color="red"
              mb={4}
              disabled={draft.arms.length <= 2}
              aria-label={t('campaigns.arms.remove')}
              onClick={() => set({ arms: draft.arms.filter((_, j) => j !== i) })}
            >
              <IconTrash size={16} />
            </ActionIcon>
          )}
        </Group>
      ))}
      <Button
        variant="light"
        size="xs"
        leftSection={<IconPlus size={14} />}
        style={{ alignSelf: 'flex-start' }}
        disabled={draft.arms.length >= 10}
        onClick={addArm}
      >
        {t('campaigns.arms.add')}
      </Button>
      {total !== 100 && (
        <Text size="sm" c="dimmed">
          {t('campaigns.arms.relative', { total: fmt.number(total) })}
        </Text>
      )}
      {control < 5 && (
        <Alert color="yellow" title={t('campaigns.arms.smallControlTitle')}>
          {t('campaigns.arms.smallControl')}
        </Alert>
      )}
      <Checkbox
        label={t('campaigns.arms.stratify')}
        description={t('campaigns.arms.stratifyHint')}
        checked={draft.stratifyByTier}
        onChange={(e) => set({ stratifyByTier: e.currentTarget.checked })}
      />
      {holdout.data && (
        <Text size="sm" data-testid="global-holdout">
          {holdout.data.holdoutShare > 0
            ? t('campaigns.arms.holdout', { share: fmt.percent(holdout.data.holdoutShare) })
            : t('campaigns.arms.noHoldout')}
        </Text>
      )}
    </Stack>
  );
}
