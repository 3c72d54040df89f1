// Settings → People: the members (role, removal), inviting someone (the link is shown once, to
// pass on) and the pending invitations (revoke). Nobody is added directly: people accept.
import { Alert, Button, Code, Group, Modal, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type MeDto, type Role } from '../../api.ts';
import { DataTable, RemoveButton } from '../../components/EditableList.tsx';
import { CopyValueButton } from '../../components/FormParts.tsx';
import { formatDate, formatDateTime } from '../../i18n.ts';
import { errorText } from '../../problemText.ts';
import { allowed } from '../../session.ts';

export const roleValues: Role[] = ['owner', 'admin', 'manager', 'account_manager', 'agent', 'analyst'];

export function useRoleOptions(me?: MeDto) {
  const { t } = useTranslation();
  // Only an owner grants the owner role: the others are not offered it.
  return roleValues
    .filter((r) => r !== 'owner' || !me || me.role === 'owner')
    .map((r) => ({ value: r, label: t(`roles.${r}`) }));
}

export function ErrorNote({ error }: { error: Error | null }) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  return (
    <Alert color="red" title={t('app.error')}>
      {errorText(error, t, i18n.language)}
    </Alert>
  );
}

export function People({ me }: { me: MeDto }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const roleOptions = useRoleOptions();
  const [opened, { open, close }] = useDisclosure(false);
  const manage = allowed(me, 'users:manage');
  const members = useQuery({ queryKey: ['users'], queryFn: () => api.GET('/users') });
  const refresh = () => qc.invalidateQueries({ queryKey: ['users'] });
  const setRole = useMutation({
    mutationFn: (v: { id: string; role: Role }) =>
      api.PATCH('/users/{id}', { params: { path: { id: v.id } }, body: { role: v.role } }),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.DELETE('/users/{id}', { params: { path: { id } } }),
    onSettled: refresh,
  });
  if (members.isPending) return <Text>{t('app.loading')}</Text>;
  return (
    <Stack>
      <ErrorNote error={members.error ?? setRole.error ?? remove.error} />
      {manage && (
        <Group>
          <Button onClick={open}>{t('people.invite')}</Button>
        </Group>
      )}
      {members.data?.items.length === 0 && <Text c="dimmed">{t('people.empty')}</Text>}
      <DataTable
        rows={members.data?.items ?? []}
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
          {
            cell: (m) =>
              manage && (
                <RemoveButton
                  confirm={t('people.removeConfirm', { name: m.name })}
                  onRemove={() => remove.mutate(m.id)}
                />
              ),
          },
        ]}
      />
      {manage && <Invitations me={me} />}
      {manage && <InvitePerson me={me} opened={opened} onClose={close} />}
    </Stack>
  );
}

function Invitations({ me }: { me: MeDto }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const invitations = useQuery({ queryKey: ['invitations'], queryFn: () => api.GET('/invitations') });
  const revoke = useMutation({
    mutationFn: (id: string) => api.DELETE('/invitations/{id}', { params: { path: { id } } }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['invitations'] }),
  });
  const items = invitations.data?.items ?? [];
  return (
    <Stack gap="xs" mt="md">
      <Title order={4}>{t('people.pending')}</Title>
      <ErrorNote error={invitations.error ?? revoke.error} />
      {items.length === 0 ? (
        <Text c="dimmed">{t('people.noPending')}</Text>
      ) : (
        <DataTable
          rows={items}
          minWidth={560}
          testId="pending-invitations"
          columns={[
            { header: t('people.email'), cell: (i) => i.email },
            { header: t('people.role'), cell: (i) => t(`roles.${i.role}`) },
            { header: t('people.invitedBy'), cell: (i) => i.invitedBy?.name ?? t('people.byIntegration') },
            { header: t('people.expires'), cell: (i) => formatDateTime(i.expiresAt, i18n.language) },
            {
              cell: (i) =>
                (i.role !== 'owner' || me.role === 'owner') && (
                  <Button size="xs" variant="subtle" color="red" onClick={() => revoke.mutate(i.id)}>
                    {t('people.revokeInvitation')}
                  </Button>
                ),
            },
          ]}
        />
      )}
    </Stack>
  );
}

function InvitePerson({ me, opened, onClose }: { me: MeDto; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const roleOptions = useRoleOptions(me);
  const [form, setForm] = useState({ email: '', role: 'agent' as Role });
  const invite = useMutation({
    mutationFn: () => api.POST('/invitations', { body: form }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['invitations'] }),
  });
  const close = () => {
    invite.reset();
    setForm({ email: '', role: 'agent' });
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={t('people.invite')}>
      {invite.data ? (
        <Stack>
          <Alert color="yellow" title={t('people.linkOnce')}>
            <Stack gap="xs">
              <Text size="sm">{t('people.linkHint', { email: invite.data.email })}</Text>
              <Code block data-testid="invitation-link">
                {invite.data.acceptUrl}
              </Code>
              <Group>
                <CopyValueButton value={invite.data.acceptUrl} />
              </Group>
            </Stack>
          </Alert>
          <Group justify="flex-end">
            <Button onClick={close}>{t('people.done')}</Button>
          </Group>
        </Stack>
      ) : (
        <form
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            invite.mutate();
          }}
        >
          <Stack>
            <Text size="sm" c="dimmed">
              {t('people.inviteHint')}
            </Text>
            <ErrorNote error={invite.error} />
            <TextInput
              label={t('people.email')}
              type="email"
              required
              value={form.email}
              onChange={(e) => setForm({ ...form, email: e.currentTarget.value })}
            />
            <Select
              label={t('people.role')}
              data={roleOptions}
              value={form.role}
              onChange={(v) => v && setForm({ ...form, role: v as Role })}
              allowDeselect={false}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('settings.cancel')}
              </Button>
              <Button type="submit" loading={invite.isPending}>
                {t('people.sendInvite')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
