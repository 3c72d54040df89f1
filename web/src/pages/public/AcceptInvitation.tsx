// The page an invitation link opens (/invite#<secret>), with no sign-in: it shows what the
// invitation is for and accepts it — with the password of one's Tenure account, or, new to
// Tenure, with a name and a new password. The secret is in the fragment, which the browser never
// sends to the server, and goes to the API only in request bodies.
import {
  Alert,
  Button,
  Center,
  Group,
  Paper,
  PasswordInput,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError, api } from '../../api.ts';
import { LanguagePicker } from '../../components/LanguagePicker.tsx';
import { formatDateTime } from '../../i18n.ts';

/** The message for a failed acceptance, in the reader's language. */
function errorKey(error: Error, mode: 'existing' | 'new'): string {
  if (!(error instanceof ApiError)) return 'invite.errors.generic';
  const { status, errors } = error.problem;
  if (status === 404) return 'invite.errors.invalid';
  if (status === 401) return mode === 'new' ? 'invite.errors.hasAccount' : 'invite.errors.wrongPassword';
  if (status === 429) return 'invite.errors.tooMany';
  if (status === 409) return 'invite.errors.hasAccount';
  if (status === 422 && errors?.some((e) => e.path === 'name'))
    return mode === 'existing' ? 'invite.errors.noAccount' : 'invite.errors.name';
  if (status === 422) return 'invite.errors.password';
  return 'invite.errors.generic';
}

export function AcceptInvitationPage() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const token = window.location.hash.replace(/^#/, '');
  const [mode, setMode] = useState<'existing' | 'new'>('existing');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const preview = useQuery({
    queryKey: ['invitation', token],
    queryFn: () => api.POST('/auth/invitations/preview', { body: { token } }),
    enabled: token.length > 0,
  });
  const accept = useMutation({
    mutationFn: () =>
      api.POST('/auth/invitations/accept', { body: { token, password, ...(mode === 'new' ? { name } : {}) } }),
    onSuccess: (me) => {
      // A new caller: nothing cached for whoever was signed in before may show.
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
      qc.setQueryData(['me'], me);
      navigate('/', { replace: true });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    accept.mutate();
  };
  const invitation = preview.data;
  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" w={460} maw="100%">
        <Stack>
          <Group justify="flex-end">
            <LanguagePicker />
          </Group>
          {(!token || preview.isError) && (
            <Alert color="red" title={t('invite.invalidTitle')} data-testid="invitation-invalid">
              {t('invite.errors.invalid')}
            </Alert>
          )}
          {preview.isPending && token && <Text>{t('app.loading')}</Text>}
          {invitation && (
            <form onSubmit={submit}>
              <Stack>
                <Title order={2}>{t('invite.title', { workspace: invitation.workspace.name })}</Title>
                <Text>
                  {invitation.invitedBy
                    ? t('invite.intro', {
                        inviter: invitation.invitedBy,
                        email: invitation.email,
                        role: t(`roles.${invitation.role}`),
                      })
                    : t('invite.introNoInviter', { email: invitation.email, role: t(`roles.${invitation.role}`) })}
                </Text>
                <Text size="sm" c="dimmed">
                  {t('invite.expires', { date: formatDateTime(invitation.expiresAt, i18n.language) })}
                </Text>
                <SegmentedControl
                  fullWidth
                  value={mode}
                  onChange={(v) => setMode(v as 'existing' | 'new')}
                  data={[
                    { value: 'existing', label: t('invite.haveAccount') },
                    { value: 'new', label: t('invite.newHere') },
                  ]}
                />
                {accept.isError && (
                  <Alert color="red" data-testid="invitation-error">
                    {t(errorKey(accept.error, mode))}
                  </Alert>
                )}
                {mode === 'new' && (
                  <TextInput
                    label={t('invite.name')}
                    autoComplete="name"
                    required
                    maxLength={120}
                    value={name}
                    onChange={(e) => setName(e.currentTarget.value)}
                  />
                )}
                <PasswordInput
                  label={mode === 'new' ? t('invite.newPassword') : t('invite.password')}
                  description={
                    mode === 'new' ? t('invite.newPasswordHint') : t('invite.passwordHint', { email: invitation.email })
                  }
                  autoComplete={mode === 'new' ? 'new-password' : 'current-password'}
                  required
                  value={password}
                  onChange={(e) => setPassword(e.currentTarget.value)}
                />
                <Button type="submit" loading={accept.isPending}>
                  {t('invite.accept')}
                </Button>
              </Stack>
            </form>
          )}
        </Stack>
      </Paper>
    </Center>
  );
}
