// The customers list's search box, filters and sort. Each filter is a slot: a control bound to
// query parameters of GET /customers, shown when the caller can use it.
import {
  Badge,
  Button,
  Checkbox,
  CloseButton,
  Collapse,
  Group,
  Input,
  Select,
  Stack,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue, useDisclosure, useHotkeys } from '@mantine/hooks';
import { IconAdjustmentsHorizontal, IconSearch } from '@tabler/icons-react';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeDto } from '../../api.ts';
import { type Format, useFormat } from '../../format.ts';
import { addDays, dayStart } from '../../lib/dates.ts';
import { useMembers } from '../../members.ts';
import { focusResult } from './CustomerResults.tsx';
import { useCustomFields } from '../../customFields.ts';
import {
  type CustomerFilters,
  type FilterKey,
  narrowingCount,
  parseCustomFieldFilter,
  sorts,
  writeCustomFieldFilter,
} from './filters.ts';
import { rfmSegments as segments, tiers } from '../../choices.ts';

type SlotContext = { me: MeDto; filters: CustomerFilters; set: (patch: CustomerFilters) => void; fmt: Format };
type FilterSlot = { id: string; keys: FilterKey[]; Control: (ctx: SlotContext) => ReactNode };

function StatusFilter({ filters, set }: SlotContext) {
  const { t } = useTranslation();
  return (
    <Select
      label={t('customers.filters.status')}
      placeholder={t('customers.filters.anyStatus')}
      data={[
        { value: 'active', label: t('customers.status.active') },
        { value: 'defected', label: t('customers.status.defected') },
      ]}
      value={filters.status ?? null}
      onChange={(v) => set({ status: v ?? undefined })}
      clearable
      w={{ base: '100%', sm: 160 }}
    />
  );
}

/** Pyramid tier and RFM segment, both from the latest scoring run. */
function ScoreFilters({ filters, set }: SlotContext) {
  const { t } = useTranslation();
  return (
    <>
      <Select
        label={t('customers.filters.tier')}
        placeholder={t('customers.filters.any')}
        data={tiers.map((x) => ({ value: x, label: t(`analytics.tiers.${x}`) }))}
        value={filters.tier ?? null}
        onChange={(v) => set({ tier: v ?? undefined })}
        clearable
        w={{ base: '100%', sm: 150 }}
      />
      <Select
        label={t('customers.filters.rfmSegment')}
        placeholder={t('customers.filters.any')}
        data={segments.map((x) => ({ value: x, label: t(`analytics.segments.${x}`) }))}
        value={filters.rfmSegment ?? null}
        onChange={(v) => set({ rfmSegment: v ?? undefined })}
        clearable
        w={{ base: '100%', sm: 190 }}
      />
    </>
  );
}

function TagFilter({ filters, set }: SlotContext) {
  const { t } = useTranslation();
  const tags = filters.tag ? filters.tag.split(',') : [];
  return (
    <TagsInput
      label={t('customers.filters.tags')}
      title={t('customers.filters.tagsHint')}
      placeholder={tags.length ? '' : t('customers.filters.tagsPlaceholder')}
      value={tags}
      onChange={(v) =>
        set({
          tag:
            v
              .map((x) => x.trim().toLowerCase())
              .filter(Boolean)
              .join(',') || undefined,
        })
      }
      clearable
      w={{ base: '100%', sm: 240 }}
    />
  );
}

function ManagerFilter({ me, filters, set }: SlotContext) {
  const { t } = useTranslation();
  const { enabled, members } = useMembers(me);
  if (enabled) {
    return (
      <Select
        label={t('customers.filters.accountManager')}
        placeholder={t('customers.filters.anyone')}
        data={members.map((m) => ({
          value: m.id,
          label: m.id === me.user?.id ? t('customers.filters.meNamed', { name: m.name }) : m.name,
        }))}
        value={filters.accountManagerId ?? null}
        onChange={(v) => set({ accountManagerId: v ?? undefined })}
        searchable
        clearable
        w={{ base: '100%', sm: 200 }}
      />
    );
  }
  if (!me.user) return null;
  return (
    <Checkbox
      mt={{ sm: 'xl' }}
      label={t('customers.filters.mine')}
      checked={filters.accountManagerId === me.user.id}
      onChange={(e) => set({ accountManagerId: e.currentTarget.checked ? me.user?.id : undefined })}
    />
  );
}

function AcquiredRange(ctx: SlotContext) {
  const { t } = useTranslation();
  return <DayRange label={t('customers.filters.acquired')} from="acquiredFrom" to="acquiredTo" ctx={ctx} />;
}
function CreatedRange(ctx: SlotContext) {
  const { t } = useTranslation();
  return <DayRange label={t('customers.filters.created')} from="createdFrom" to="createdTo" ctx={ctx} />;
}

/** A from/to pair of days in the workspace's time zone, sent as instants ("to" includes its day). */
function DayRange({ label, from, to, ctx }: { label: string; from: FilterKey; to: FilterKey; ctx: SlotContext }) {
  const { t } = useTranslation();
  const { filters, set, fmt } = ctx;
  const shownTo = filters[to] ? addDays(fmt.dayOf(filters[to] as string), -1) : '';
  return (
    <Input.Wrapper label={label} w={{ base: '100%', sm: 'auto' }}>
      <Group gap={4} wrap="nowrap">
        <TextInput
          type="date"
          aria-label={`${label} · ${t('customers.filters.from')}`}
          value={filters[from] ? fmt.dayOf(filters[from] as string) : ''}
          onChange={(e) => set({ [from]: dayStart(e.currentTarget.value, fmt.timeZone) })}
          w={{ base: '50%', sm: 150 }}
        />
        <Text size="sm" c="dimmed" aria-hidden>
          –
        </Text>
        <TextInput
          type="date"
          aria-label={`${label} · ${t('customers.filters.to')}`}
          value={shownTo}
          onChange={(e) => {
            const day = e.currentTarget.value;
            set({ [to]: day ? dayStart(addDays(day, 1), fmt.timeZone) : undefined });
          }}
          w={{ base: '50%', sm: 150 }}
        />
      </Group>
    </Input.Wrapper>
  );
}

/** Equality filters on the workspace's choice-type custom fields (select and yes/no). */
function CustomFieldFilters({ filters, set }: SlotContext) {
  const { t } = useTranslation();
  const defs = (useCustomFields().data?.items ?? []).filter((d) => d.type === 'select' || d.type === 'boolean');
  const values = parseCustomFieldFilter(filters.cf);
  // The API's "key:value,…" format cannot carry a value with a comma.
  const options = (d: (typeof defs)[number]) =>
    d.type === 'boolean'
      ? [
          { value: 'true', label: t('app.yes') },
          { value: 'false', label: t('app.no') },
        ]
      : d.options.filter((o) => !o.includes(',')).map((o) => ({ value: o, label: o }));
  return defs.map((d) => (
    <Select
      key={d.key}
      label={d.label}
      placeholder={t('customers.filters.any')}
      data={options(d)}
      value={values[d.key] ?? null}
      onChange={(v) => set({ cf: writeCustomFieldFilter({ ...values, [d.key]: v ?? undefined }) })}
      clearable
      w={{ base: '100%', sm: 180 }}
    />
  ));
}

/** The filters, in the order shown. */
const slots: FilterSlot[] = [
  { id: 'status', keys: ['status'], Control: StatusFilter },
  { id: 'scores', keys: ['tier', 'rfmSegment'], Control: ScoreFilters },
  { id: 'tag', keys: ['tag'], Control: TagFilter },
  { id: 'accountManager', keys: ['accountManagerId'], Control: ManagerFilter },
  { id: 'acquired', keys: ['acquiredFrom', 'acquiredTo'], Control: AcquiredRange },
  { id: 'created', keys: ['createdFrom', 'createdTo'], Control: CreatedRange },
  { id: 'customFields', keys: ['cf'], Control: CustomFieldFilters },
];

/** The search box: typed text reaches the URL (and the API) 250 ms after the last key. */
function SearchBox({ q, onSearch }: { q: string; onSearch: (q: string | undefined) => void }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState(q);
  const [debounced] = useDebouncedValue(text, 250);
  const written = useRef(q);
  useHotkeys([['/', () => input.current?.focus()]]);
  useEffect(() => {
    const next = debounced.trim();
    if (next === written.current) return;
    written.current = next;
    onSearch(next || undefined);
  }, [debounced, onSearch]);
  // A saved view or the back button changed the search: show it.
  useEffect(() => {
    if (q === written.current) return;
    written.current = q;
    setText(q);
  }, [q]);
  return (
    <TextInput
      ref={input}
      type="search"
      aria-label={t('customers.search')}
      placeholder={t('customers.searchPlaceholder')}
      leftSection={<IconSearch size={16} />}
      rightSection={
        text ? <CloseButton size="sm" aria-label={t('customers.clearSearch')} onClick={() => setText('')} /> : null
      }
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') setText('');
        if (e.key === 'ArrowDown' && focusResult(null, 'first')) e.preventDefault();
      }}
      style={{ flex: 1, minWidth: 200 }}
      data-testid="customer-search"
    />
  );
}

export function FilterBar({
  me,
  filters,
  set,
  clear,
}: {
  me: MeDto;
  filters: CustomerFilters;
  set: (patch: CustomerFilters, options?: { replace?: boolean }) => void;
  clear: () => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const active = narrowingCount(filters);
  const [open, { toggle }] = useDisclosure(active > 0);
  const ctx: SlotContext = { me, filters, set, fmt };
  return (
    <Stack gap="xs">
      <Group gap="xs" wrap="wrap" align="flex-end">
        <SearchBox q={filters.q ?? ''} onSearch={(q) => set({ q }, { replace: true })} />
        <Group gap="xs" wrap="nowrap">
          <Select
            aria-label={t('customers.sort.label')}
            data={sorts.map((s) => ({ value: s, label: t(`customers.sort.${s}`) }))}
            value={filters.sort ?? '-createdAt'}
            onChange={(v) => set({ sort: v ?? undefined })}
            allowDeselect={false}
            w={{ base: 175, xs: 190 }}
          />
          <Button
            variant={active ? 'light' : 'default'}
            leftSection={<IconAdjustmentsHorizontal size={16} />}
            rightSection={
              active ? (
                <Badge size="sm" circle>
                  {active}
                </Badge>
              ) : null
            }
            onClick={toggle}
            aria-expanded={open}
            aria-controls="customer-filters"
          >
            {t('customers.filters.title')}
          </Button>
        </Group>
      </Group>
      <Collapse in={open}>
        <Group
          id="customer-filters"
          gap="sm"
          align="flex-end"
          wrap="wrap"
          p="sm"
          bg="var(--mantine-color-gray-0)"
          style={{ borderRadius: 'var(--mantine-radius-md)' }}
        >
          {slots.map((slot) => (
            <slot.Control key={slot.id} {...ctx} />
          ))}
          {active > 0 && (
            <Button variant="subtle" onClick={clear}>
              {t('customers.filters.clear')}
            </Button>
          )}
        </Group>
      </Collapse>
    </Stack>
  );
}
