// Resetting a forgotten password: the form on the sign-in page that asks for the e-mailed link
// (it always says the same thing, whether or not an account has the address), and the page the
// link opens (/reset-password#<secret>, no sign-in) to choose a new password. The secret is in the
// fragment, which the browser never sends to the server; it goes to the API only in the body.
import { Alert, Anchor, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api.ts';
import { LanguagePicker } from '../../components/LanguagePicker.tsx';

const locales = ['en', 'pt-BR', 'es'] as const;
const localeOf = (language: string) => locales.find((l) => l === language) ?? 'en';

export function ForgotPasswordForm({ onBack }: { onBack: () => void }) {
  const { t, i18n } = useTranslation();
  const [email, setEmail] = useState('');
  const ask = useMutation({
    mutationFn: () => api.POST('/auth/password-reset', { body: { email, locale: localeOf(i18n.language) } }),
  });
  return (
    <form
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        ask.mutate();
      }}
    >
      <Stack>
        <Title order={3}>{t('passwordReset.askTitle')}</Title>
        {ask.isSuccess ? (
          <Alert color="teal" data-testid="reset-asked">
            {t('passwordReset.asked', { email })}
          </Alert>
        ) : (
          <>
            <Text size="sm">{t('passwordReset.askIntro')}</Text>
            {ask.isError && <Alert color="red">{t(problemKey(ask.error))}</Alert>}
            <TextInput
              label={t('login.email')}
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
            />
            <Button type="submit" loading={ask.isPending}>
              {t('passwordReset.send')}
            </Button>
          </>
        )}
        <Anchor component="button" type="button" size="sm" onClick={onBack}>
          {t('passwordReset.back')}
        </Anchor>
      </Stack>
    </form>
  );
}

function problemKey(error: Error): string {
  if (!(error instanceof ApiError)) return 'passwordReset.errors.generic';
  const { status, errors } = error.problem;
  if (status === 404) return 'passwordReset.errors.invalid';
  if (status === 429) return 'passwordReset.errors.tooMany';
  if (status === 422 && errors?.some((e) => e.path === 'newPassword')) return 'security.weakPassword';
  return 'passwordReset.errors.generic';
}

export function ResetPasswordPage() {
  const { t } = useTranslation();
  const token = window.location.hash.replace(/^#/, '');
  const [password, setPassword] = useState('');
  const reset = useMutation({
    mutationFn: () => api.POST('/auth/password-reset/confirm', { body: { token, newPassword: password } }),
  });
  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" w={420} maw="100%">
        <Stack>
          <Title order={2}>{t('passwordReset.title')}</Title>
          <LanguagePicker />
          {reset.isSuccess ? (
            <>
              <Alert color="teal" data-testid="reset-done">
                {t('passwordReset.done')}
              </Alert>
              <Button component="a" href="/">
                {t('login.submit')}
              </Button>
            </>
          ) : (
            <form
              onSubmit={(e: FormEvent) => {
                e.preventDefault();
                reset.mutate();
              }}
            >
              <Stack>
                {reset.isError && <Alert color="red">{t(problemKey(reset.error))}</Alert>}
                <PasswordInput
                  label={t('security.newPassword')}
                  description={t('security.newPasswordHint')}
                  autoComplete="new-password"
                  required
                  minLength={10}
                  maxLength={200}
                  value={password}
                  onChange={(e) => setPassword(e.currentTarget.value)}
                />
                <Button type="submit" loading={reset.isPending} disabled={!token}>
                  {t('passwordReset.save')}
                </Button>
              </Stack>
            </form>
          )}
        </Stack>
      </Paper>
    </Center>
  );
}
