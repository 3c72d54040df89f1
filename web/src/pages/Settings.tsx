import { Alert, Badge, Button, Code, Group, Modal, PasswordInput, Select, Stack, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { type ApiTokenDto, api, type MeDto, type MemberDto, type Role, type WorkspaceDto } from '../api.ts';
import { DataTable, RemoveButton } from '../components/EditableList.tsx';
import { CopyValueButton } from '../components/FormParts.tsx';
import { formatDate, formatDateTime } from '../i18n.ts';
import { allowed } from '../session.ts';
import { CostRates } from './settings/CostRates.tsx';
import { CustomFields } from './settings/CustomFields.tsx';
import { SlaSettings } from './settings/SlaSettings.tsx';
import { ValueSettings } from './settings/ValueSettings.tsx';
import { Webhooks } from './settings/Webhooks.tsx';

const roleValues: Role[] = ['owner', 'admin', 'manager', 'account_manager', 'agent', 'analyst'];

function ErrorNote({ error }: { error: Error | null }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <Alert color="red" title={t('app.error')}>
      {error.message}
    </Alert>
  );
}

function useRoleOptions() {
  const { t } = useTranslation();
  return roleValues.map((r) => ({ value: r, label: t(`roles.${r}`) }));
}

export function SettingsPage({ me }: { me: MeDto }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const tab = useParams()['*'] || 'workspace';
  return (
    <Stack>
      <Title order={2}>{t('settings.title')}</Title>
      <Tabs value={tab} onChange={(v) => navigate(`/settings/${v}`)}>
        <Tabs.List>
          <Tabs.Tab value="workspace">{t('settings.workspace')}</Tabs.Tab>
          {allowed(me, 'users:read') && <Tabs.Tab value="people">{t('settings.people')}</Tabs.Tab>}
          {allowed(me, 'tokens:manage') && <Tabs.Tab value="tokens">{t('settings.tokens')}</Tabs.Tab>}
          <Tabs.Tab value="sla">{t('settings.sla.tab')}</Tabs.Tab>
          {allowed(me, 'analytics:read') && <Tabs.Tab value="value">{t('settings.value.tab')}</Tabs.Tab>}
          <Tabs.Tab value="cost-rates">{t('settings.costRates.tab')}</Tabs.Tab>
          <Tabs.Tab value="custom-fields">{t('settings.customFields.tab')}</Tabs.Tab>
          {allowed(me, 'webhooks:manage') && <Tabs.Tab value="webhooks">{t('settings.webhooks.tab')}</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="workspace" pt="md">
          <WorkspaceForm me={me} />
        </Tabs.Panel>
        <Tabs.Panel value="people" pt="md">
          {allowed(me, 'users:read') && <People me={me} />}
        </Tabs.Panel>
        <Tabs.Panel value="tokens" pt="md">
          {allowed(me, 'tokens:manage') && <Tokens />}
        </Tabs.Panel>
        <Tabs.Panel value="sla" pt="md">
          {tab === 'sla' && <SlaSettings me={me} />}
        </Tabs.Panel>
        <Tabs.Panel value="value" pt="md">
          {tab === 'value' && allowed(me, 'analytics:read') && <ValueSettings me={me} />}
        </Tabs.Panel>
        <Tabs.Panel value="cost-rates" pt="md">
          {tab === 'cost-rates' && <CostRates me={me} />}
        </Tabs.Panel>
        <Tabs.Panel value="custom-fields" pt="md">
          {tab === 'custom-fields' && <CustomFields me={me} />}
        </Tabs.Panel>
        <Tabs.Panel value="webhooks" pt="md">
          {tab === 'webhooks' && allowed(me, 'webhooks:manage') && <Webhooks />}
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function WorkspaceForm({ me }: { me: MeDto }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form, setForm] = useState({ name: me.workspace.name, slug: me.workspace.slug, currency: me.workspace.currency, locale: me.workspace.locale, timeZone: me.workspace.timeZone });
  const save = useMutation({
    mutationFn: () => api<WorkspaceDto>('PATCH', '/workspace', form),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['me'] }),
  });
  const editable = allowed(me, 'workspace:update');
  const field = (key: keyof typeof form) => ({
    value: form[key],
    disabled: !editable,
    onChange: (e: { currentTarget: { value: string } }) => setForm({ ...form, [key]: e.currentTarget.value }),
  });
  return (
    <form
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Stack maw={480}>
        {!editable && <Text c="dimmed">{t('settings.noPermission')}</Text>}
        <ErrorNote error={save.error} />
        <TextInput label={t('settings.name')} required {...field('name')} />
        <TextInput label={t('settings.slug')} {...field('slug')} />
        <TextInput label={t('home.currency')} {...field('currency')} />
        <Select
          label={t('home.locale')}
          disabled={!editable}
          data={['en', 'pt-BR', 'es']}
          value={form.locale}
          onChange={(v) => v && setForm({ ...form, locale: v as typeof form.locale })}
          allowDeselect={false}
        />
        <TextInput label={t('home.timeZone')} {...field('timeZone')} />
        {editable && (
          <Group>
            <Button type="submit" loading={save.isPending}>
              {t('settings.save')}
            </Button>
            {save.isSuccess && <Text c="teal">{t('settings.saved')}</Text>}
          </Group>
        )}
      </Stack>
    </form>
  );
}

function People({ me }: { me: MeDto }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const roleOptions = useRoleOptions();
  const [opened, { open, close }] = useDisclosure(false);
  const members = useQuery({ queryKey: ['users'], queryFn: () => api<{ items: MemberDto[] }>('GET', '/users') });
  const refresh = () => qc.invalidateQueries({ queryKey: ['users'] });
  const setRole = useMutation({ mutationFn: (v: { id: string; role: Role }) => api('PATCH', `/users/${v.id}`, { role: v.role }), onSettled: refresh });
  const remove = useMutation({ mutationFn: (id: string) => api('DELETE', `/users/${id}`), onSettled: refresh });
  const manage = allowed(me, 'users:manage');
  if (members.isPending) return <Text>{t('app.loading')}</Text>;
  return (
    <Stack>
      <ErrorNote error={members.error ?? setRole.error ?? remove.error} />
      {manage && (
        <Group>
          <Button onClick={open}>{t('people.add')}</Button>
        </Group>
      )}
      {members.data?.items.length === 0 && <Text c="dimmed">{t('people.empty')}</Text>}
      <DataTable rows={members.data?.items ?? []}
        minWidth={560}
        highlightOnHover
        columns={[
          { header: t('people.name'), cell: (m) => m.name },
          { header: t('people.email'), cell: (m) => m.email },
          {
            header: t('people.role'),
            cell: (m) =>
              manage ? (
                <Select
                  aria-label={`${t('people.role')} ${m.name}`}
                  size="xs"
                  data={roleOptions}
                  value={m.role}
                  onChange={(v) => v && setRole.mutate({ id: m.id, role: v as Role })}
                  allowDeselect={false}
                />
              ) : (
                t(`roles.${m.role}`)
              ),
          },
          { header: t('people.joined'), cell: (m) => formatDate(m.joinedAt, i18n.language) },
          { cell: (m) => manage && <RemoveButton confirm={t('people.removeConfirm', { name: m.name })} onRemove={() => remove.mutate(m.id)} /> },
        ]}
      />
      <AddPerson opened={opened} onClose={close} onAdded={refresh} />
    </Stack>
  );
}

function AddPerson({ opened, onClose, onAdded }: { opened: boolean; onClose: () => void; onAdded: () => void }) {
  const { t } = useTranslation();
  const roleOptions = useRoleOptions();
  const [form, setForm] = useState({ email: '', name: '', role: 'agent' as Role, password: '' });
  const add = useMutation({
    mutationFn: () => api<MemberDto>('POST', '/users', { ...form, password: form.password || undefined }),
    onSuccess: () => {
      onAdded();
      onClose();
      setForm({ email: '', name: '', role: 'agent', password: '' });
    },
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('people.add')}>
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          add.mutate();
        }}
      >
        <Stack>
          <ErrorNote error={add.error} />
          <TextInput label={t('people.email')} type="email" required value={form.email} onChange={(e) => setForm({ ...form, email: e.currentTarget.value })} />
          <TextInput label={t('people.name')} required value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} />
          <Select label={t('people.role')} data={roleOptions} value={form.role} onChange={(v) => v && setForm({ ...form, role: v as Role })} allowDeselect={false} />
          <PasswordInput label={t('people.password')} description={t('people.passwordHint')} value={form.password} onChange={(e) => setForm({ ...form, password: e.currentTarget.value })} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('settings.cancel')}
            </Button>
            <Button type="submit" loading={add.isPending}>
              {t('people.add')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function Tokens() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const roleOptions = useRoleOptions();
  const [form, setForm] = useState({ name: '', role: 'analyst' as Role });
  const tokens = useQuery({ queryKey: ['tokens'], queryFn: () => api<{ items: ApiTokenDto[] }>('GET', '/tokens') });
  const refresh = () => qc.invalidateQueries({ queryKey: ['tokens'] });
  const create = useMutation({ mutationFn: () => api<ApiTokenDto & { token: string }>('POST', '/tokens', form), onSuccess: refresh });
  const revoke = useMutation({ mutationFn: (id: string) => api('DELETE', `/tokens/${id}`), onSettled: refresh });
  return (
    <Stack>
      <ErrorNote error={tokens.error ?? create.error ?? revoke.error} />
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Group align="flex-end">
          <TextInput label={t('tokens.name')} required value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} />
          <Select label={t('tokens.role')} data={roleOptions} value={form.role} onChange={(v) => v && setForm({ ...form, role: v as Role })} allowDeselect={false} />
          <Button type="submit" loading={create.isPending}>
            {t('tokens.create')}
          </Button>
        </Group>
      </form>
      {create.data && (
        <Alert color="yellow" title={t('tokens.copyNow')}>
          <Group>
            <Code data-testid="new-token">{create.data.token}</Code>
            <CopyValueButton value={create.data.token} />
          </Group>
        </Alert>
      )}
      {tokens.data?.items.length === 0 && <Text c="dimmed">{t('tokens.empty')}</Text>}
      <DataTable rows={tokens.data?.items ?? []}
        minWidth={560}
        columns={[
          { cell: (tk) => tk.name },
          { cell: (tk) => <Code>{tk.prefix}…</Code> },
          { cell: (tk) => t(`roles.${tk.role}`) },
          {
            cell: (tk) => (
              <>
                {t('tokens.expiresAt')}: {tk.expiresAt ? formatDate(tk.expiresAt, i18n.language) : t('tokens.never')}
              </>
            ),
          },
          {
            cell: (tk) => (
              <>
                {t('tokens.lastUsed')}: {tk.lastUsedAt ? formatDateTime(tk.lastUsedAt, i18n.language) : '—'}
              </>
            ),
          },
          {
            cell: (tk) =>
              tk.revokedAt ? (
                <Badge color="gray">{t('tokens.revoked')}</Badge>
              ) : (
                <Button size="xs" variant="subtle" color="red" onClick={() => revoke.mutate(tk.id)}>
                  {t('tokens.revoke')}
                </Button>
              ),
          },
        ]}
      />
    </Stack>
  );
}
