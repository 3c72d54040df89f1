import {
  Alert,
  Anchor,
  Button,
  Center,
  Group,
  Loader,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { TFunction } from 'i18next';
import { type FormEvent, lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguagePicker } from '../components/LanguagePicker.tsx';
import { ApiError } from '../api.ts';
import { errorText } from '../problemText.ts';
import { useSessionActions } from '../session.ts';

// Few visitors need it: the form loads with the reset page's chunk, not with the first screen.
const ForgotPasswordForm = lazy(() =>
  import('./public/ResetPassword.tsx').then((m) => ({ default: m.ForgotPasswordForm })),
);

/** Why sign-in failed, in the reader's language. */
function loginProblem(error: Error, t: TFunction, language: string): string {
  if (error instanceof ApiError && error.problem.code === 'rate_limited') return t('passwordReset.errors.tooMany');
  if (error instanceof ApiError && error.problem.code === 'unauthenticated') return t('login.wrongCredentials');
  return errorText(error, t, language);
}

export function LoginPage() {
  const { t, i18n } = useTranslation();
  const { login } = useSessionActions();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [forgot, setForgot] = useState(false);
  const [code, setCode] = useState('');
  const [needsCode, setNeedsCode] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate(
      { email, password, ...(needsCode ? { code } : {}) },
      {
        onError: (err) => {
          if (err instanceof ApiError && err.problem.code === 'second_factor_required') setNeedsCode(true);
        },
      },
    );
  };
  const askedForCode = login.error instanceof ApiError && login.error.problem.code === 'second_factor_required';
  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" w={420} maw="100%">
        {forgot ? (
          <Suspense fallback={<Loader size="sm" />}>
            <ForgotPasswordForm onBack={() => setForgot(false)} />
          </Suspense>
        ) : (
          <form onSubmit={submit}>
            <Stack>
              <Group justify="space-between" align="flex-start">
                <div>
                  <Title order={2}>{t('login.title')}</Title>
                  <Text c="dimmed" size="sm">
                    {t('app.tagline')}
                  </Text>
                </div>
              </Group>
              <LanguagePicker />
              {login.isError && !askedForCode && (
                <Alert color="red" title={t('login.failed')} data-testid="login-error">
                  {loginProblem(login.error, t, i18n.language)}
                </Alert>
              )}
              <TextInput
                label={t('login.email')}
                type="email"
                autoComplete="username"
                required
                value={email}
                onChange={(e) => setEmail(e.currentTarget.value)}
              />
              <PasswordInput
                label={t('login.password')}
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
              />
              {needsCode && (
                <TextInput
                  label={t('login.code')}
                  description={t('login.codeHint')}
                  autoComplete="one-time-code"
                  required
                  autoFocus
                  maxLength={20}
                  value={code}
                  onChange={(e) => setCode(e.currentTarget.value)}
                />
              )}
              <Button type="submit" loading={login.isPending}>
                {t('login.submit')}
              </Button>
              <Anchor component="button" type="button" size="sm" onClick={() => setForgot(true)}>
                {t('passwordReset.forgot')}
              </Anchor>
              <Text size="xs" c="dimmed">
                {t('login.demoHint')}
              </Text>
            </Stack>
          </form>
        )}
      </Paper>
    </Center>
  );
}
