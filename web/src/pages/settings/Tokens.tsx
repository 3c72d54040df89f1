// Settings → API tokens: create one (its secret shown once), see who made each and whether it is
// narrowed to its creator's current role, revoke. The rules are the server's; the screen only
// leaves out the buttons that would be refused (owners' tokens for non-owners).
import { Alert, Badge, Button, Code, Group, Select, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { covers } from '../../../../src/http/permissions.ts';
import { type ApiTokenDto, api, type MeDto, type Role } from '../../api.ts';
import { DataTable } from '../../components/EditableList.tsx';
import { CopyValueButton } from '../../components/FormParts.tsx';
import { formatDate, formatDateTime } from '../../i18n.ts';
import { ErrorNote, useRoleOptions } from './People.tsx';

function Creator({ token }: { token: ApiTokenDto }) {
  const { t } = useTranslation();
  const by = token.createdBy;
  if (!by) return <Text size="sm">{t('tokens.byNobody')}</Text>;
  const narrowed = by.role !== null && !covers(by.role, token.role);
  return (
    <Stack gap={2}>
      <Text size="sm">
        {by.name}{' '}
        <Text span c="dimmed" size="xs">
          {by.email}
        </Text>
      </Text>
      {by.role === null && !token.revokedAt && (
        <Badge color="red" variant="light">
          {t('tokens.creatorLeft')}
        </Badge>
      )}
      {narrowed && !token.revokedAt && (
        <Tooltip label={t('tokens.narrowedHint')} multiline w={280}>
          <Badge color="orange" variant="light">
            {t('tokens.narrowed', { role: t(`roles.${by.role}`) })}
          </Badge>
        </Tooltip>
      )}
    </Stack>
  );
}

export function Tokens({ me }: { me: MeDto }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const roleOptions = useRoleOptions(me);
  const [form, setForm] = useState({ name: '', role: 'analyst' as Role });
  const tokens = useQuery({ queryKey: ['tokens'], queryFn: () => api.GET('/tokens') });
  const refresh = () => qc.invalidateQueries({ queryKey: ['tokens'] });
  const create = useMutation({ mutationFn: () => api.POST('/tokens', { body: form }), onSuccess: refresh });
  const revoke = useMutation({
    mutationFn: (id: string) => api.DELETE('/tokens/{id}', { params: { path: { id } } }),
    onSettled: refresh,
  });
  const mayRevoke = (tk: ApiTokenDto) => me.role === 'owner' || (tk.role !== 'owner' && tk.createdBy?.role !== 'owner');
  return (
    <Stack>
      <ErrorNote error={tokens.error ?? create.error ?? revoke.error} />
      <Text size="sm" c="dimmed">
        {t('tokens.actsAsCreator')}
      </Text>
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Group align="flex-end">
          <TextInput
            label={t('tokens.name')}
            required
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
          />
          <Select
            label={t('tokens.role')}
            data={roleOptions}
            value={form.role}
            onChange={(v) => v && setForm({ ...form, role: v as Role })}
            allowDeselect={false}
          />
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
      <DataTable
        rows={tokens.data?.items ?? []}
        minWidth={720}
        testId="token-list"
        columns={[
          { header: t('tokens.name'), cell: (tk) => tk.name },
          { cell: (tk) => <Code>{tk.prefix}…</Code> },
          { header: t('tokens.role'), cell: (tk) => t(`roles.${tk.role}`) },
          { header: t('tokens.createdBy'), cell: (tk) => <Creator token={tk} /> },
          {
            header: t('tokens.expiresAt'),
            cell: (tk) => (tk.expiresAt ? formatDate(tk.expiresAt, i18n.language) : t('tokens.never')),
          },
          {
            header: t('tokens.lastUsed'),
            cell: (tk) => (tk.lastUsedAt ? formatDateTime(tk.lastUsedAt, i18n.language) : '—'),
          },
          {
            cell: (tk) =>
              tk.revokedAt ? (
                <Badge color="gray">{t('tokens.revoked')}</Badge>
              ) : (
                mayRevoke(tk) && (
                  <Button size="xs" variant="subtle" color="red" onClick={() => revoke.mutate(tk.id)}>
                    {t('tokens.revoke')}
                  </Button>
                )
              ),
          },
        ]}
      />
    </Stack>
  );
}
