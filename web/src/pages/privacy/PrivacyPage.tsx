// Privacy (/privacy): the register of data-subject requests (LGPD/GDPR) with each one's deadline
// countdown, overdue ones highlighted, registering a request and moving it on with its proof; and
// which law sets the deadlines. Owners and admins only (privacy:manage).
import {
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconShieldLock } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api.ts';
import { fieldErrorsOf, GeneralError } from '../../components/FieldErrors.tsx';
import { Panel } from '../../components/Panel.tsx';
import { QueryCard } from '../../components/QueryCard.tsx';
import { EmptyState } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';
import {
  type PrivacyKind,
  privacyKinds,
  type PrivacyRequestDto,
  type PrivacyStatus,
  type RequestFilter,
  useCreatePrivacyRequest,
  usePrivacyRequests,
  usePrivacySettings,
  useSavePrivacyLaw,
  useTransitionPrivacyRequest,
} from '../../privacy-api.ts';

const DAY = 86_400_000;
const statusColor: Record<PrivacyStatus, string> = {
  received: 'blue',
  in_progress: 'yellow',
  completed: 'teal',
  rejected: 'gray',
};

export function PrivacyPage() {
  const { t } = useTranslation();
  return (
    <Stack>
      <Title order={2}>{t('privacy.title')}</Title>
      <Text c="dimmed" size="sm">
        {t('privacy.intro')}
      </Text>
      <LawCard />
      <NewRequest />
      <Register />
    </Stack>
  );
}

function LawCard() {
  const { t } = useTranslation();
  const settings = usePrivacySettings();
  const save = useSavePrivacyLaw();
  return (
    <QueryCard title={t('privacy.law.title')} icon={<IconShieldLock size={20} />} query={settings}>
      {(s) => (
        <Group>
          <SegmentedControl
            data-testid="privacy-law"
            value={s.law}
            onChange={(v) => save.mutate(v as 'lgpd' | 'gdpr')}
            data={[
              { value: 'lgpd', label: t('privacy.law.lgpd') },
              { value: 'gdpr', label: t('privacy.law.gdpr') },
            ]}
          />
          <Text size="sm" c="dimmed">
            {s.chosen ? t('privacy.law.chosen') : t('privacy.law.byLocale')}
          </Text>
        </Group>
      )}
    </QueryCard>
  );
}

function CustomerPicker({
  value,
  onChange,
  error,
}: {
  value: string | null;
  onChange: (id: string | null) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const found = useQuery({
    queryKey: ['privacy', 'customer-search', q],
    enabled: q.trim().length >= 2,
    queryFn: ({ signal }) => api.GET('/customers', { params: { query: { q, limit: 20 } }, signal }),
  });
  return (
    <Select
      label={t('privacy.new.customer')}
      placeholder={t('privacy.new.customerPlaceholder')}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      data={(found.data?.items ?? []).map((c) => ({ value: c.id, label: c.email ? `${c.name} · ${c.email}` : c.name }))}
      value={value}
      onChange={onChange}
      error={error}
      nothingFoundMessage={q.trim().length >= 2 ? t('privacy.new.noCustomer') : undefined}
      data-testid="privacy-customer"
    />
  );
}

function NewRequest() {
  const { t } = useTranslation();
  const create = useCreatePrivacyRequest();
  const [customerId, setCustomerId] = useState<string | null>(null);
  const [kind, setKind] = useState<PrivacyKind>('access');
  const [note, setNote] = useState('');
  const errors = fieldErrorsOf(create.error);
  const submit = () =>
    customerId &&
    create.mutate(
      { customerId, kind, ...(note.trim() ? { note } : {}) },
      {
        onSuccess: () => {
          setCustomerId(null);
          setNote('');
        },
      },
    );
  return (
    <Panel title={t('privacy.new.title')}>
      <Stack gap="sm">
        <Group align="flex-start" grow>
          <CustomerPicker value={customerId} onChange={setCustomerId} error={errors.customerId} />
          <Select
            label={t('privacy.new.kind')}
            data={privacyKinds.map((k) => ({ value: k, label: t(`privacy.kinds.${k}`) }))}
            value={kind}
            onChange={(v) => v && setKind(v as PrivacyKind)}
            allowDeselect={false}
          />
        </Group>
        <Textarea
          label={t('privacy.new.note')}
          description={t('privacy.new.noteHint')}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          error={errors.note}
          autosize
          minRows={2}
        />
        <GeneralError error={create.error} known={['customerId', 'note', 'kind']} />
        <Group>
          <Button onClick={submit} disabled={!customerId} loading={create.isPending} data-testid="privacy-create">
            {t('privacy.new.submit')}
          </Button>
        </Group>
      </Stack>
    </Panel>
  );
}

function Countdown({ r }: { r: PrivacyRequestDto }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (r.status === 'completed' || r.status === 'rejected') return <Text size="sm">{f.date(r.dueAt)}</Text>;
  const days = Math.ceil((new Date(r.dueAt).getTime() - Date.now()) / DAY);
  return (
    <Stack gap={0}>
      <Text size="sm">{f.date(r.dueAt)}</Text>
      {r.overdue ? (
        <Badge color="red" variant="filled" data-testid="privacy-overdue">
          {t('privacy.overdueBy', { count: Math.max(1, -days) })}
        </Badge>
      ) : (
        <Text size="xs" c={days <= 3 ? 'orange' : 'dimmed'}>
          {t('privacy.daysLeft', { count: Math.max(0, days) })}
        </Text>
      )}
    </Stack>
  );
}

function Register() {
  const { t } = useTranslation();
  const f = useFormat();
  const [filter, setFilter] = useState<RequestFilter>({ status: null, overdue: false });
  const [moving, setMoving] = useState<{ r: PrivacyRequestDto; to: 'completed' | 'rejected' } | null>(null);
  const transition = useTransitionPrivacyRequest();
  const query = usePrivacyRequests(filter);
  const filters = (
    <Group>
      <Select
        aria-label={t('privacy.filter.status')}
        placeholder={t('privacy.filter.anyStatus')}
        clearable
        size="xs"
        data={(['received', 'in_progress', 'completed', 'rejected'] as const).map((s) => ({
          value: s,
          label: t(`privacy.statuses.${s}`),
        }))}
        value={filter.status}
        onChange={(v) => setFilter({ ...filter, status: v as PrivacyStatus | null })}
      />
      <Switch
        label={t('privacy.filter.overdue')}
        checked={filter.overdue}
        onChange={(e) => setFilter({ ...filter, overdue: e.currentTarget.checked })}
      />
    </Group>
  );
  return (
    <QueryCard
      title={t('privacy.register.title')}
      action={filters}
      query={query}
      testId="privacy-register"
      isEmpty={(d) => d.items.length === 0}
      empty={<EmptyState title={t('privacy.register.emptyTitle')}>{t('privacy.register.emptyBody')}</EmptyState>}
    >
      {(d) => (
        <>
          <Table.ScrollContainer minWidth={760}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('privacy.register.received')}</Table.Th>
                  <Table.Th>{t('privacy.register.kind')}</Table.Th>
                  <Table.Th>{t('privacy.register.customer')}</Table.Th>
                  <Table.Th>{t('privacy.register.due')}</Table.Th>
                  <Table.Th>{t('privacy.register.status')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.items.map((r) => (
                  <Table.Tr key={r.id} bg={r.overdue ? 'var(--mantine-color-red-light)' : undefined}>
                    <Table.Td>{f.date(r.receivedAt)}</Table.Td>
                    <Table.Td>
                      {t(`privacy.kinds.${r.kind}`)}
                      <Text size="xs" c="dimmed">
                        {t(`privacy.law.${r.law}`)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/customers/${r.customerId}`} size="sm">
                        {t('privacy.register.open')}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Countdown r={r} />
                    </Table.Td>
                    <Table.Td>
                      <Badge color={statusColor[r.status]}>{t(`privacy.statuses.${r.status}`)}</Badge>
                      {r.proof && (
                        <Text size="xs" c="dimmed" maw={240}>
                          {r.proof.actions}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        {r.status === 'received' && (
                          <Button
                            size="xs"
                            variant="light"
                            loading={transition.isPending}
                            onClick={() => transition.mutate({ id: r.id, body: { to: 'in_progress' } })}
                          >
                            {t('privacy.actions.start')}
                          </Button>
                        )}
                        {r.status === 'in_progress' && (
                          <Button size="xs" variant="light" onClick={() => setMoving({ r, to: 'completed' })}>
                            {t('privacy.actions.complete')}
                          </Button>
                        )}
                        {(r.status === 'received' || r.status === 'in_progress') && (
                          <Button
                            size="xs"
                            variant="subtle"
                            color="gray"
                            onClick={() => setMoving({ r, to: 'rejected' })}
                          >
                            {t('privacy.actions.reject')}
                          </Button>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {moving && <CloseRequest moving={moving} onClose={() => setMoving(null)} />}
        </>
      )}
    </QueryCard>
  );
}

function CloseRequest({
  moving,
  onClose,
}: {
  moving: { r: PrivacyRequestDto; to: 'completed' | 'rejected' };
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const transition = useTransitionPrivacyRequest();
  const [text, setText] = useState('');
  const field = moving.to === 'completed' ? 'actions' : 'reason';
  const errors = fieldErrorsOf(transition.error);
  return (
    <Modal opened onClose={onClose} title={t(`privacy.actions.${moving.to === 'completed' ? 'complete' : 'reject'}`)}>
      <Stack>
        <Textarea
          label={t(moving.to === 'completed' ? 'privacy.close.actions' : 'privacy.close.reason')}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          error={errors[field]}
          autosize
          minRows={3}
          data-testid="privacy-close-text"
        />
        {moving.to === 'completed' && moving.r.exportSha256 && (
          <Text size="xs" c="dimmed">
            {t('privacy.close.exportHash', { hash: moving.r.exportSha256.slice(0, 16) })}
          </Text>
        )}
        <GeneralError error={transition.error} known={[field]} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('privacy.close.cancel')}
          </Button>
          <Button
            disabled={!text.trim()}
            loading={transition.isPending}
            onClick={() =>
              transition.mutate({ id: moving.r.id, body: { to: moving.to, [field]: text } }, { onSuccess: onClose })
            }
          >
            {t('privacy.close.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
