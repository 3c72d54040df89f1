// Webhook endpoints (admins only): the list, adding one (its signing secret is shown once),
// switching one off and on, rotating the secret, removing it, and each endpoint's delivery log.
import { Alert, Badge, Button, Code, Group, Modal, Stack, Switch, TagsInput, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Schemas } from '../../api.ts';
import { DataTable, EditableList, RemoveButton } from '../../components/EditableList.tsx';
import { CopyValueButton, QueryBody } from '../../components/FormParts.tsx';
import { fieldErrorsOf, GeneralError } from '../../components/FieldErrors.tsx';
import { useFormat } from '../../format.ts';

const key = ['webhooks'] as const;
type WebhookDto = Schemas['Webhook'];
type DeliveryDto = Schemas['WebhookDelivery'];
const statusColor: Record<DeliveryDto['status'], string> = {
  pending: 'yellow',
  delivering: 'blue',
  succeeded: 'teal',
  failed: 'red',
};

export function Webhooks() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const hooks = useQuery({ queryKey: key, queryFn: () => api.GET('/webhooks').then((r) => r.items) });
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const [log, setLog] = useState<WebhookDto | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: key });
  const toggle = useMutation({
    mutationFn: (h: WebhookDto) =>
      api.PATCH('/webhooks/{id}', { params: { path: { id: h.id } }, body: { active: !h.active } }),
    onSettled: refresh,
  });
  const rotate = useMutation({
    mutationFn: (h: WebhookDto) => api.POST('/webhooks/{id}/rotate-secret', { params: { path: { id: h.id } } }),
    onSuccess: (h) => setSecret(h),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: (h: WebhookDto) => api.DELETE('/webhooks/{id}', { params: { path: { id: h.id } } }),
    onSettled: refresh,
  });
  return (
    <EditableList
      query={hooks}
      minWidth={720}
      testId="webhooks-table"
      hint={t('settings.webhooks.hint')}
      error={toggle.error ?? rotate.error ?? remove.error}
      empty={{ title: t('settings.webhooks.emptyTitle'), body: t('settings.webhooks.emptyBody') }}
      columns={[
        {
          header: t('settings.webhooks.url'),
          style: { overflowWrap: 'anywhere' },
          cell: (h) => (
            <>
              <Text size="sm">{h.url}</Text>
              {h.description && (
                <Text size="xs" c="dimmed">
                  {h.description}
                </Text>
              )}
            </>
          ),
        },
        {
          header: t('settings.webhooks.events'),
          cell: (h) => (
            <Group gap={4}>
              {h.eventTypes.map((e) => (
                <Badge key={e} size="sm" variant="light" tt="none">
                  {e}
                </Badge>
              ))}
            </Group>
          ),
        },
        { header: t('settings.webhooks.secret'), cell: (h) => <Code>{h.secretHint}</Code> },
        {
          header: t('settings.webhooks.active'),
          cell: (h) => (
            <Switch
              aria-label={t('settings.webhooks.activeFor', { url: h.url })}
              checked={h.active}
              onChange={() => toggle.mutate(h)}
            />
          ),
        },
        {
          cell: (h) => (
            <Group gap={4} wrap="nowrap">
              <Button size="xs" variant="subtle" onClick={() => setLog(h)}>
                {t('settings.webhooks.deliveries')}
              </Button>
              <Button
                size="xs"
                variant="subtle"
                onClick={() => window.confirm(t('settings.webhooks.rotateConfirm')) && rotate.mutate(h)}
              >
                {t('settings.webhooks.rotate')}
              </Button>
              <RemoveButton
                confirm={t('settings.webhooks.removeConfirm', { url: h.url })}
                onRemove={() => remove.mutate(h)}
              />
            </Group>
          ),
        },
      ]}
    >
      <NewWebhook onCreated={(h) => setSecret(h)} />
      {secret && (
        <Alert
          color="yellow"
          title={t('settings.webhooks.copyNow')}
          withCloseButton
          onClose={() => setSecret(null)}
          data-testid="webhook-secret"
        >
          <Text size="sm" mb={4} style={{ overflowWrap: 'anywhere' }}>
            {secret.url}
          </Text>
          <Group>
            <Code data-testid="new-webhook-secret" style={{ overflowWrap: 'anywhere' }}>
              {secret.secret}
            </Code>
            <CopyValueButton value={secret.secret} />
          </Group>
        </Alert>
      )}
      {log && <DeliveryLog hook={log} onClose={() => setLog(null)} />}
    </EditableList>
  );
}

function NewWebhook({ onCreated }: { onCreated: (h: WebhookDto & { secret: string }) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const types = useQuery({
    queryKey: [...key, 'event-types'],
    queryFn: () => api.GET('/webhooks/event-types').then((r) => r.items),
    staleTime: Infinity,
  });
  const [form, setForm] = useState({ url: '', eventTypes: [] as string[], description: '' });
  const create = useMutation({
    mutationFn: () =>
      api.POST('/webhooks', {
        body: { url: form.url, eventTypes: form.eventTypes, description: form.description.trim() || undefined },
      }),
    onSuccess: (h) => {
      onCreated(h);
      setForm({ url: '', eventTypes: [], description: '' });
      void qc.invalidateQueries({ queryKey: key });
    },
  });
  const errors = fieldErrorsOf(create.error);
  const suggestions = [
    '*',
    ...new Set((types.data ?? []).map((e) => `${e.type.split('.')[0]}.`)),
    ...(types.data ?? []).map((e) => e.type),
  ];
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
          <TextInput
            label={t('settings.webhooks.url')}
            placeholder="https://hooks.example.com/tenure"
            required
            value={form.url}
            error={errors.url}
            onChange={(e) => setForm({ ...form, url: e.currentTarget.value })}
            miw={240}
          />
          <TagsInput
            label={t('settings.webhooks.events')}
            description={t('settings.webhooks.eventsHint')}
            data={suggestions}
            value={form.eventTypes}
            error={errors.eventTypes}
            onChange={(v) => setForm({ ...form, eventTypes: v })}
            miw={240}
          />
        </Group>
        <TextInput
          label={t('settings.webhooks.description')}
          value={form.description}
          error={errors.description}
          onChange={(e) => setForm({ ...form, description: e.currentTarget.value })}
        />
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
  const deliveries = useQuery({
    queryKey: [...key, hook.id, 'deliveries'],
    queryFn: () => api.GET('/webhooks/{id}/deliveries', { params: { path: { id: hook.id }, query: { limit: 50 } } }),
  });
  const body = (
    <QueryBody
      query={deliveries}
      isEmpty={(d) => d.items.length === 0}
      empty={<Text c="dimmed">{t('settings.webhooks.noDeliveries')}</Text>}
    >
      {(d) => (
        <DataTable
          rows={d.items}
          minWidth={560}
          columns={[
            { header: t('settings.webhooks.event'), cell: (r) => <Code>{r.eventType}</Code> },
            {
              header: t('settings.webhooks.status'),
              cell: (r) => (
                <>
                  <Badge color={statusColor[r.status]} variant="light">
                    {t(`settings.webhooks.statuses.${r.status}`)}
                  </Badge>
                  {r.error && (
                    <Text size="xs" c="red.7">
                      {r.error}
                    </Text>
                  )}
                </>
              ),
            },
            { header: t('settings.webhooks.attempts'), cell: (r) => fmt.number(r.attempts) },
            {
              header: t('settings.webhooks.response'),
              cell: (r) =>
                r.responseCode
                  ? `${r.responseCode}${r.durationMs !== null ? ` · ${fmt.number(r.durationMs)} ms` : ''}`
                  : '—',
            },
            {
              header: t('settings.webhooks.when'),
              cell: (r) => (
                <>
                  {fmt.dateTime(r.deliveredAt ?? r.createdAt)}
                  {r.nextAttemptAt && (
                    <Text size="xs" c="dimmed">
                      {t('settings.webhooks.nextAttempt', { date: fmt.dateTime(r.nextAttemptAt) })}
                    </Text>
                  )}
                </>
              ),
            },
          ]}
        />
      )}
    </QueryBody>
  );
  return (
    <Modal opened onClose={onClose} title={t('settings.webhooks.logFor', { url: hook.url })} size="xl">
      {body}
    </Modal>
  );
}
