// The builder's first step: who the campaign is for — a saved segment, or a new one defined here —
// with its live count and first members (the member list itself is frozen at launch).
import { Alert, Group, Loader, SegmentedControl, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useSegmentPreview, useSegments } from '../../../campaigns-api.ts';
import { useFormat } from '../../../format.ts';
import { useLabel } from '../../../labels.ts';
import { Conditions, usable } from './Conditions.tsx';
import type { Draft } from './draft.ts';
import { errorText } from '../../../problemText.ts';

export function SegmentStep({ draft, set }: { draft: Draft; set: (patch: Partial<Draft>) => void }) {
  const { t } = useTranslation();
  const segments = useSegments();
  const saved = segments.data?.items ?? [];
  const picked = saved.find((s) => s.id === draft.segmentId);
  const definition =
    draft.segmentMode === 'saved' ? (picked?.definition ?? null) : { all: draft.conditions.filter(usable) };
  return (
    <Stack>
      <SegmentedControl
        value={draft.segmentMode}
        onChange={(v) => set({ segmentMode: v as Draft['segmentMode'] })}
        data={[
          { value: 'new', label: t('campaigns.segment.new') },
          { value: 'saved', label: t('campaigns.segment.saved'), disabled: saved.length === 0 },
        ]}
        style={{ alignSelf: 'flex-start' }}
      />
      {draft.segmentMode === 'saved' ? (
        <Select
          label={t('campaigns.segment.pick')}
          data={saved.map((s) => ({ value: s.id, label: s.name }))}
          value={draft.segmentId}
          onChange={(v) => set({ segmentId: v })}
          searchable
        />
      ) : (
        <>
          <TextInput
            label={t('campaigns.segment.name')}
            value={draft.segmentName}
            onChange={(e) => set({ segmentName: e.currentTarget.value })}
            required
          />
          <Conditions value={draft.conditions} onChange={(conditions) => set({ conditions })} />
        </>
      )}
      <Preview definition={definition} />
    </Stack>
  );
}

/** The live count and a few members of a definition; also read by the review step. */
export function useSegmentCount(definition: Draft['conditions'] | null) {
  const [debounced] = useDebouncedValue(definition, 400);
  return useSegmentPreview(debounced === null ? null : { all: debounced });
}

function Preview({ definition }: { definition: { all: Draft['conditions'] } | null }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const label = useLabel();
  const preview = useSegmentCount(definition?.all ?? null);
  if (!definition) return null;
  if (preview.isError)
    return (
      <Alert color="red" title={t('campaigns.segment.previewFailed')}>
        {errorText(preview.error, t, i18n.language)}
      </Alert>
    );
  const data = preview.data;
  return (
    <Stack gap="xs" data-testid="segment-preview">
      <Group gap="xs">
        <Text fw={600} data-testid="segment-count" data-value={data?.count ?? ''}>
          {data ? t('campaigns.segment.count', { count: data.count, n: fmt.number(data.count) }) : '…'}
        </Text>
        {preview.isFetching && <Loader size="xs" />}
      </Group>
      {data && data.count === 0 && (
        <Alert color="yellow" title={t('campaigns.segment.emptyTitle')}>
          {t('campaigns.segment.empty')}
        </Alert>
      )}
      {data && data.sample.length > 0 && (
        <Table striped withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('campaigns.segment.customer')}</Table.Th>
              <Table.Th>{t('campaigns.segment.fields.tier')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.sample.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>{c.name}</Table.Td>
                <Table.Td>{c.tier ? label('tier', c.tier) : t('campaigns.results.noTier')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
