// The KPI home's filter bar: pyramid tier, RFM segment, saved segment and account manager. Every
// card (and its CSV export) shows the customers they choose; the cohort heatmap keeps its own tier.
import { Button, Group, Select } from '@mantine/core';
import { IconFilterOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { type KpiFilters, useSegmentChoices } from '../../kpis-api.ts';
import { useMembers } from '../../members.ts';
import { allowed, useMe } from '../../session.ts';
import { rfmSegments, tiers } from '../../choices.ts';

export function KpiFilterBar({ value, onChange }: { value: KpiFilters; onChange: (f: KpiFilters) => void }) {
  const { t } = useTranslation();
  const me = useMe().data;
  const segments = useSegmentChoices(me ? allowed(me, 'campaigns:read') : false);
  const { enabled: seesPeople, members } = useMembers(me as NonNullable<typeof me>);
  const set = (patch: KpiFilters) => onChange({ ...value, ...patch });
  const any = Object.values(value).some(Boolean);
  return (
    <Group gap="sm" align="flex-end" data-testid="kpis-filters">
      <Select
        label={t('kpis.filters.tier')}
        placeholder={t('kpis.filters.all')}
        data={tiers.map((x) => ({ value: x, label: t(`analytics.tiers.${x}`) }))}
        value={value.tier ?? null}
        onChange={(v) => set({ tier: (v ?? undefined) as KpiFilters['tier'] })}
        clearable
        w={{ base: '100%', sm: 150 }}
        data-testid="kpis-filter-tier"
      />
      <Select
        label={t('kpis.filters.rfmSegment')}
        placeholder={t('kpis.filters.all')}
        data={rfmSegments.map((x) => ({ value: x, label: t(`analytics.segments.${x}`) }))}
        value={value.rfmSegment ?? null}
        onChange={(v) => set({ rfmSegment: (v ?? undefined) as KpiFilters['rfmSegment'] })}
        clearable
        w={{ base: '100%', sm: 180 }}
      />
      {segments.data && (
        <Select
          label={t('kpis.filters.segment')}
          placeholder={t('kpis.filters.all')}
          data={segments.data.items.map((s) => ({ value: s.id, label: s.name }))}
          value={value.segment ?? null}
          onChange={(v) => set({ segment: v ?? undefined })}
          clearable
          searchable
          nothingFoundMessage={t('kpis.filters.noSegments')}
          w={{ base: '100%', sm: 200 }}
          data-testid="kpis-filter-segment"
        />
      )}
      {seesPeople && (
        <Select
          label={t('kpis.filters.accountManager')}
          placeholder={t('kpis.filters.all')}
          data={members.map((m) => ({ value: m.id, label: m.name }))}
          value={value.accountManager ?? null}
          onChange={(v) => set({ accountManager: v ?? undefined })}
          clearable
          searchable
          w={{ base: '100%', sm: 200 }}
          data-testid="kpis-filter-manager"
        />
      )}
      {any && (
        <Button variant="subtle" leftSection={<IconFilterOff size={16} />} onClick={() => onChange({})}>
          {t('kpis.filters.clear')}
        </Button>
      )}
    </Group>
  );
}
