// Settings → Your profile, account security: change one's password (the other sessions end) and
// see and end one's sessions. Field problems the server names are shown in the user's language.
import { Alert, Badge, Button, Group, PasswordInput, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api.ts';
import { useFormat } from '../../format.ts';
import { ErrorNote } from './People.tsx';
import { SecondFactor } from './SecondFactor.tsx';

/** The server's field problem on a password field, in the user's language when it is a known one. */
function usePasswordProblem(error: Error | null, path: 'currentPassword' | 'newPassword'): string | undefined {
  const { t } = useTranslation();
  if (!(error instanceof ApiError)) return undefined;
  const field = error.problem.errors?.find((e) => e.path === path);
  if (!field) return undefined;
  if (path === 'currentPassword') return t('security.wrongPassword');
  if (field.message.startsWith('must differ')) return t('security.samePassword');
  return t('security.weakPassword');
}

function ChangePassword() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const change = useMutation({
    mutationFn: () => api.POST('/auth/password', { body: { currentPassword: current, newPassword: next } }),
    onSuccess: () => {
      setCurrent('');
      setNext('');
      void qc.invalidateQueries({ queryKey: ['sessions'] });
    },
  });
  const currentProblem = usePasswordProblem(change.error, 'currentPassword');
  const nextProblem = usePasswordProblem(change.error, 'newPassword');
  const otherError = change.error && !currentProblem && !nextProblem ? change.error : null;
  return (
    <form
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        change.mutate();
      }}
    >
      <Stack maw={480}>
        <Title order={4}>{t('security.passwordTitle')}</Title>
        <ErrorNote error={otherError} />
        <PasswordInput
          label={t('security.currentPassword')}
          autoComplete="current-password"
          required
          value={current}
          error={currentProblem}
          onChange={(e) => setCurrent(e.currentTarget.value)}
        />
        <PasswordInput
          label={t('security.newPassword')}
          description={t('security.newPasswordHint')}
          autoComplete="new-password"
          required
          minLength={10}
          maxLength={200}
          value={next}
          error={nextProblem}
          onChange={(e) => setNext(e.currentTarget.value)}
        />
        <Group>
          <Button type="submit" loading={change.isPending}>
            {t('security.changePassword')}
          </Button>
          {change.isSuccess && (
            <Text c="teal">{t('security.passwordChanged', { count: change.data?.endedSessions ?? 0 })}</Text>
          )}
        </Group>
      </Stack>
    </form>
  );
}

function Sessions() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const qc = useQueryClient();
  const sessions = useQuery({ queryKey: ['sessions'], queryFn: () => api.GET('/auth/sessions') });
  const refresh = () => qc.invalidateQueries({ queryKey: ['sessions'] });
  const end = useMutation({
    mutationFn: (id: string) => api.DELETE('/auth/sessions/{id}', { params: { path: { id } } }),
    onSettled: refresh,
  });
  const endOthers = useMutation({ mutationFn: () => api.POST('/auth/sessions/end-others'), onSettled: refresh });
  const items = sessions.data?.items ?? [];
  return (
    <Stack>
      <Title order={4}>{t('security.sessionsTitle')}</Title>
      <ErrorNote error={sessions.error ?? end.error ?? endOthers.error} />
      {sessions.isPending ? (
        <Text>{t('app.loading')}</Text>
      ) : (
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('security.device')}</Table.Th>
              <Table.Th>{t('security.address')}</Table.Th>
              <Table.Th>{t('security.workspace')}</Table.Th>
              <Table.Th>{t('security.openedAt')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td>
                  <Group gap="xs">
                    <Text size="sm">{s.userAgent ?? t('security.unknown')}</Text>
                    {s.current && <Badge variant="light">{t('security.thisSession')}</Badge>}
                  </Group>
                </Table.Td>
                <Table.Td>{s.ip ?? t('security.unknown')}</Table.Td>
                <Table.Td>{s.workspace.name}</Table.Td>
                <Table.Td>{fmt.dateTime(s.createdAt)}</Table.Td>
                <Table.Td>
                  {!s.current && (
                    <Button size="xs" variant="subtle" color="red" onClick={() => end.mutate(s.id)}>
                      {t('security.end')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {items.length > 1 && (
        <Group>
          <Button variant="light" color="red" loading={endOthers.isPending} onClick={() => endOthers.mutate()}>
            {t('security.endOthers')}
          </Button>
        </Group>
      )}
      {endOthers.isSuccess && (
        <Alert color="teal">{t('security.endedOthers', { count: endOthers.data?.endedSessions ?? 0 })}</Alert>
      )}
    </Stack>
  );
}

export function Security() {
  return (
    <Stack gap="xl" mt="xl">
      <ChangePassword />
      <SecondFactor />
      <Sessions />
    </Stack>
  );
}
