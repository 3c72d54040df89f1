// Consent per channel × purpose (granted, withdrawn or never asked), the preferred-channel
// order, every change with when, where and by whom, and recording a new one.
import {
  Badge,
  Button,
  Collapse,
  Group,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconHistory, IconShieldCheck } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ConsentDto, type MeDto } from '../../api.ts';
import { fieldErrorsOf, GeneralError } from '../../components/FieldErrors.tsx';
import { Panel } from '../../components/Panel.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';
import { useMembers } from '../../members.ts';
import { allowed } from '../../session.ts';
import { overviewKey, type PanelProps } from './types.ts';
import { labelOf } from '../../labels.ts';

export const consentChannels: ConsentDto['channel'][] = ['email', 'sms', 'phone', 'whatsapp', 'post'];
const purposes: ConsentDto['purpose'][] = ['service', 'marketing'];

function ConsentCell({ consent }: { consent: ConsentDto | undefined }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (!consent) {
    return (
      <Badge color="gray" variant="outline" size="sm">
        {t('consents.none')}
      </Badge>
    );
  }
  const when = t('consents.changedAt', {
    date: fmt.dateTime(consent.changedAt),
    source: consent.source ? labelOf(t, 'consentSource', consent.source) : t('consents.unknownSource'),
  });
  return (
    <Tooltip label={when} withArrow>
      <Badge
        color={consent.granted ? 'teal' : 'red'}
        variant="light"
        size="sm"
        tabIndex={0}
        aria-label={`${consent.granted ? t('consents.granted') : t('consents.withdrawn')} — ${when}`}
      >
        {consent.granted ? t('consents.granted') : t('consents.withdrawn')}
      </Badge>
    </Tooltip>
  );
}

function History({ me, customerId }: { me: MeDto; customerId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { byId } = useMembers(me);
  const history = useQuery({
    queryKey: [...overviewKey(customerId), 'consent-history'],
    queryFn: () => api.GET('/customers/{id}/consents/history', { params: { path: { id: customerId } } }),
  });
  const who = (by: string | null) => {
    if (!by || by === 'system') return t('consents.bySystem');
    const [kind, id] = by.split(':');
    if (kind === 'token') return t('consents.byToken');
    return id === me.user?.id ? t('customers.you') : (byId.get(id)?.name ?? t('consents.byPerson'));
  };
  if (history.isPending) return <Loading />;
  if (history.isError) return <ErrorState error={history.error} onRetry={() => history.refetch()} />;
  if (history.data.items.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('consents.noHistory')}
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={420}>
      <Table fz="xs" verticalSpacing={4}>
        <Table.Tbody>
          {history.data.items.map((h) => (
            <Table.Tr key={h.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{fmt.dateTime(h.changedAt)}</Table.Td>
              <Table.Td>
                {t(`channels.${h.channel}`)} · {t(`purposes.${h.purpose}`)}
              </Table.Td>
              <Table.Td>
                <Text span size="xs" c={h.granted ? 'teal' : 'red'}>
                  {h.granted ? t('consents.granted') : t('consents.withdrawn')}
                </Text>
              </Table.Td>
              <Table.Td>{h.source ? labelOf(t, 'consentSource', h.source) : '—'}</Table.Td>
              <Table.Td>{who(h.changedBy)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function RecordConsent({ customerId, opened, onClose }: { customerId: string; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form, setForm] = useState({
    channel: 'email' as ConsentDto['channel'],
    purpose: 'marketing' as ConsentDto['purpose'],
    granted: 'true',
    source: '',
  });
  const save = useMutation({
    mutationFn: () =>
      api.PUT('/customers/{id}/consents', {
        params: { path: { id: customerId } },
        body: {
          consents: [
            {
              channel: form.channel,
              purpose: form.purpose,
              granted: form.granted === 'true',
              source: form.source.trim() || undefined,
            },
          ],
        },
      }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: overviewKey(customerId) });
      onClose();
    },
  });
  const errors = fieldErrorsOf(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('consents.record')}>
      <form onSubmit={submit}>
        <Stack>
          <GeneralError error={save.error} known={['consents.0.channel', 'consents.0.purpose', 'consents.0.source']} />
          <Group grow>
            <Select
              label={t('consents.channel')}
              data={consentChannels.map((c) => ({ value: c, label: t(`channels.${c}`) }))}
              value={form.channel}
              onChange={(v) => v && setForm({ ...form, channel: v as ConsentDto['channel'] })}
              allowDeselect={false}
            />
            <Select
              label={t('consents.purpose')}
              data={purposes.map((p) => ({ value: p, label: t(`purposes.${p}`) }))}
              value={form.purpose}
              onChange={(v) => v && setForm({ ...form, purpose: v as ConsentDto['purpose'] })}
              allowDeselect={false}
            />
          </Group>
          <SegmentedControl
            data={[
              { value: 'true', label: t('consents.grant') },
              { value: 'false', label: t('consents.withdraw') },
            ]}
            value={form.granted}
            onChange={(v) => setForm({ ...form, granted: v })}
          />
          <TextInput
            label={t('consents.source')}
            description={t('consents.sourceHint')}
            value={form.source}
            onChange={(e) => setForm({ ...form, source: e.currentTarget.value })}
            error={errors['consents.0.source']}
            maxLength={200}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('settings.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('settings.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function ConsentsPanel({ me, overview }: PanelProps) {
  const { t } = useTranslation();
  const [showHistory, { toggle }] = useDisclosure(false);
  const [recording, { open, close }] = useDisclosure(false);
  const c = overview.customer;
  const find = (channel: string, purpose: string) =>
    overview.consents.find((x) => x.channel === channel && x.purpose === purpose);
  const canWrite = allowed(me, 'customers:write');
  return (
    <Panel
      title={t('consents.title')}
      icon={<IconShieldCheck size={20} />}
      testId="consents-panel"
      action={
        canWrite && (
          <Button size="compact-sm" variant="light" onClick={open}>
            {t('consents.record')}
          </Button>
        )
      }
    >
      <Table verticalSpacing={6} fz="sm" data-testid="consent-grid">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('consents.channel')}</Table.Th>
            {purposes.map((p) => (
              <Table.Th key={p}>{t(`purposes.${p}`)}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {consentChannels.map((ch) => (
            <Table.Tr key={ch}>
              <Table.Td>{t(`channels.${ch}`)}</Table.Td>
              {purposes.map((p) => (
                <Table.Td key={p}>
                  <ConsentCell consent={find(ch, p)} />
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed" mt="sm">
        {t('consents.preferred')}
      </Text>
      {c.preferredChannels.length ? (
        <Group gap={4} mt={4}>
          {c.preferredChannels.map((ch, i) => (
            <Badge key={ch} variant="light" size="sm" tt="none">
              {i + 1}. {t(`channels.${ch}`)}
            </Badge>
          ))}
        </Group>
      ) : (
        <Text size="sm">—</Text>
      )}
      <Button
        variant="subtle"
        size="compact-sm"
        mt="sm"
        leftSection={<IconHistory size={14} />}
        onClick={toggle}
        aria-expanded={showHistory}
      >
        {showHistory ? t('consents.hideHistory') : t('consents.showHistory')}
      </Button>
      <Collapse in={showHistory}>{showHistory && <History me={me} customerId={c.id} />}</Collapse>
      {canWrite && <RecordConsent key={String(recording)} customerId={c.id} opened={recording} onClose={close} />}
    </Panel>
  );
}
