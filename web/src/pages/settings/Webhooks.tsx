// Webhook endpoints (admins only): the list, adding one (its signing secret is shown once),
// switching one off and on, rotating the secret, removing it, and each endpoint's delivery log.
import { Alert, Badge, Button, Code, CopyButton, Group, Modal, Stack, Switch, Table, TagsInput, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeliveryDto, WebhookDto } from '../../../../src/modules/webhooks/webhooks.dto.ts';
import { api } from '../../api.ts';
import { QueryBody } from '../../components/FormParts.tsx';
import { fieldErrorsOf, GeneralError } from '../../components/FieldErrors.tsx';
import { EmptyState, ErrorState } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';

const key = ['webhooks'] as const;
const statusColor: Record<DeliveryDto['status'], string> = { pending: 'yellow', delivering: 'blue', succeeded: 'teal', failed: 'red' };

export function Webhooks() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const hooks = useQuery({ queryKey: key, queryFn: () => api<{ items: WebhookDto[] }>('GET', '/webhooks').then((r) => r.items) });
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const [log, setLog] = useState<WebhookDto | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: key });
  const toggle = useMutation({ mutationFn: (h: WebhookDto) => api('PATCH', `/webhooks/${h.id}`, { active: !h.active }), onSettled: refresh });
  const rotate = useMutation({ mutationFn: (h: WebhookDto) => api<WebhookDto & { secret: string }>('POST', `/webhooks/${h.id}/rotate-secret`), onSuccess: (h) => setSecret(h), onSettled: refresh });
  const remove = useMutation({ mutationFn: (h: WebhookDto) => api('DELETE', `/webhooks/${h.id}`), onSettled: refresh });
  const actionError = toggle.error ?? rotate.error ?? remove.error;
  const body = (
    <QueryBody query={hooks} isEmpty={(d) => d.length === 0} empty={<EmptyState title={t('settings.webhooks.emptyTitle')}>{t('settings.webhooks.emptyBody')}</EmptyState>}>
      {(d) => (
        <Table.ScrollContainer minWidth={720}>
          <Table striped data-testid="webhooks-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('settings.webhooks.url')}</Table.Th>
                <Table.Th>{t('settings.webhooks.events')}</Table.Th>
                <Table.Th>{t('settings.webhooks.secret')}</Table.Th>
                <Table.Th>{t('settings.webhooks.active')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d.map((h) => (
                <Table.Tr key={h.id}>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>
                    <Text size="sm">{h.url}</Text>
                    {h.description && (
                      <Text size="xs" c="dimmed">
                        {h.description}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {h.eventTypes.map((e) => (
                        <Badge key={e} size="sm" variant="light" tt="none">
                          {e}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Code>{h.secretHint}</Code>
                  </Table.Td>
                  <Table.Td>
                    <Switch aria-label={t('settings.webhooks.activeFor', { url: h.url })} checked={h.active} onChange={() => toggle.mutate(h)} />
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Button size="xs" variant="subtle" onClick={() => setLog(h)}>
                        {t('settings.webhooks.deliveries')}
                      </Button>
                      <Button size="xs" variant="subtle" onClick={() => window.confirm(t('settings.webhooks.rotateConfirm')) && rotate.mutate(h)}>
                        {t('settings.webhooks.rotate')}
                      </Button>
                      <Button size="xs" variant="subtle" color="red" onClick={() => window.confirm(t('settings.webhooks.removeConfirm', { url: h.url })) && remove.mutate(h)}>
                        {t('people.remove')}
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </QueryBody>
  );
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t('settings.webhooks.hint')}
      </Text>
      <NewWebhook onCreated={(h) => setSecret(h)} />
      {secret && (
        <Alert color="yellow" title={t('settings.webhooks.copyNow')} withCloseButton onClose={() => setSecret(null)} data-testid="webhook-secret">
          <Text size="sm" mb={4} style={{ overflowWrap: 'anywhere' }}>
            {secret.url}
          </Text>
          <Group>
            <Code data-testid="new-webhook-secret" style={{ overflowWrap: 'anywhere' }}>
              {secret.secret}
            </Code>
            <CopyButton value={secret.secret}>
              {({ copied, copy }) => (
                <Button size="xs" onClick={copy}>
                  {copied ? t('tokens.copied') : t('tokens.copy')}
                </Button>
              )}
            </CopyButton>
          </Group>
        </Alert>
      )}
      {actionError && <ErrorState error={actionError} />}
      {body}
      {log && <DeliveryLog hook={log} onClose={() => setLog(null)} />}
    </Stack>
  );
}

function NewWebhook({ onCreated }: { onCreated: (h: WebhookDto & { secret: string }) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const types = useQuery({ queryKey: [...key, 'event-types'], queryFn: () => api<{ items: { type: string; description: string }[] }>('GET', '/webhooks/event-types').then((r) => r.items), staleTime: Infinity });
  const [form, setForm] = useState({ url: '', eventTypes: [] as string[], description: '' });
  const create = useMutation({
    mutationFn: () => api<WebhookDto & { secret: string }>('POST', '/webhooks', { url: form.url, eventTypes: form.eventTypes, description: form.description.trim() || undefined }),
    onSuccess: (h) => {
      onCreated(h);
      setForm({ url: '', eventTypes: [], description: '' });
      void qc.invalidateQueries({ queryKey: key });
    },
  });
  const errors = fieldErrorsOf(create.error);
  const suggestions = ['*', ...new Set((types.data ?? []).map((e) => `${e.type.split('.')[0]}.`)), ...(types.data ?? []).map((e) => e.type)];
  return (
    <form
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        create.mutate();
      }}
      data-testid="new-webhook"
    >
      <Stack gap="xs" maw={720}>
        <GeneralError error={create.error} known={['url', 'eventTypes', 'description']} />
        <Group align="flex-start" grow preventGrowOverflow={false} wrap="wrap">
          <TextInput label={t('settings.webhooks.url')} placeholder="https://hooks.example.com/tenure" required value={form.url} error={errors.url} onChange={(e) => setForm({ ...form, url: e.currentTarget.value })} miw={240} />
          <TagsInput label={t('settings.webhooks.events')} description={t('settings.webhooks.eventsHint')} data={suggestions} value={form.eventTypes} error={errors.eventTypes} onChange={(v) => setForm({ ...form, eventTypes: v })} miw={240} />
        </Group>
        <TextInput label={t('settings.webhooks.description')} value={form.description} error={errors.description} onChange={(e) => setForm({ ...form, description: e.currentTarget.value })} />
        <Group>
          <Button type="submit" loading={create.isPending}>
            {t('settings.webhooks.add')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function DeliveryLog({ hook, onClose }: { hook: WebhookDto; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const deliveries = useQuery({ queryKey: [...key, hook.id, 'deliveries'], queryFn: () => api<{ items: DeliveryDto[]; next: string | null }>('GET', `/webhooks/${hook.id}/deliveries?limit=50`) });
  const body = (
    <QueryBody query={deliveries} isEmpty={(d) => d.items.length === 0} empty={<Text c="dimmed">{t('settings.webhooks.noDeliveries')}</Text>}>
      {(d) => (
        <Table.ScrollContainer minWidth={560}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('settings.webhooks.event')}</Table.Th>
                <Table.Th>{t('settings.webhooks.status')}</Table.Th>
                <Table.Th>{t('settings.webhooks.attempts')}</Table.Th>
                <Table.Th>{t('settings.webhooks.response')}</Table.Th>
                <Table.Th>{t('settings.webhooks.when')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d.items.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td>
                    <Code>{d.eventType}</Code>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={statusColor[d.status]} variant="light">
                      {t(`settings.webhooks.statuses.${d.status}`)}
                    </Badge>
                    {d.error && (
                      <Text size="xs" c="red.7">
                        {d.error}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{fmt.number(d.attempts)}</Table.Td>
                  <Table.Td>{d.responseCode ? `${d.responseCode}${d.durationMs !== null ? ` · ${fmt.number(d.durationMs)} ms` : ''}` : '—'}</Table.Td>
                  <Table.Td>
                    {fmt.dateTime(d.deliveredAt ?? d.createdAt)}
                    {d.nextAttemptAt && (
                      <Text size="xs" c="dimmed">
                        {t('settings.webhooks.nextAttempt', { date: fmt.dateTime(d.nextAttemptAt) })}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </QueryBody>
  );
  return (
    <Modal opened onClose={onClose} title={t('settings.webhooks.logFor', { url: hook.url })} size="xl">
      {body}
    </Modal>
  );
}
