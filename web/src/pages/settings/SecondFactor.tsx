// Settings → Your profile, two-step sign-in: turn on an authenticator-app code (the key shown as
// text and as an otpauth link, confirmed with a first code; ten recovery codes shown once), see
// how many recovery codes are left, turn it off with the password.
import {
  Alert,
  Anchor,
  Button,
  Code,
  Group,
  PasswordInput,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api.ts';
import { ErrorNote } from './People.tsx';

const isField = (error: Error | null, path: string) =>
  error instanceof ApiError && Boolean(error.problem.errors?.some((e) => e.path === path));

export function SecondFactor() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const status = useQuery({ queryKey: ['second-factor'], queryFn: () => api.GET('/auth/second-factor') });
  const refresh = () => qc.invalidateQueries({ queryKey: ['second-factor'] });
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const begin = useMutation({ mutationFn: () => api.POST('/auth/second-factor') });
  const confirm = useMutation({
    mutationFn: () => api.POST('/auth/second-factor/confirm', { body: { code } }),
    onSuccess: () => {
      setCode('');
      begin.reset();
      void refresh();
    },
  });
  const disable = useMutation({
    mutationFn: () => api.POST('/auth/second-factor/disable', { body: { password } }),
    onSuccess: () => {
      setPassword('');
      confirm.reset();
      void refresh();
    },
  });
  const submit = (action: () => void) => (e: FormEvent) => {
    e.preventDefault();
    action();
  };
  const enabled = status.data?.enabled ?? false;
  return (
    <Stack maw={560}>
      <Title order={4}>{t('secondFactor.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('secondFactor.intro')}
      </Text>
      <ErrorNote error={status.error ?? begin.error} />
      {confirm.data && (
        <Alert color="teal" title={t('secondFactor.recoveryTitle')} data-testid="recovery-codes">
          <Text size="sm" mb="xs">
            {t('secondFactor.recoveryIntro')}
          </Text>
          <SimpleGrid cols={2} spacing={4}>
            {confirm.data.recoveryCodes.map((c) => (
              <Code key={c}>{c}</Code>
            ))}
          </SimpleGrid>
        </Alert>
      )}
      {enabled ? (
        <form onSubmit={submit(() => disable.mutate())}>
          <Stack>
            <Text>{t('secondFactor.on', { count: status.data?.recoveryCodesLeft ?? 0 })}</Text>
            <PasswordInput
              label={t('secondFactor.passwordToDisable')}
              autoComplete="current-password"
              required
              value={password}
              error={isField(disable.error, 'password') ? t('security.wrongPassword') : undefined}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            <Group>
              <Button type="submit" color="red" variant="light" loading={disable.isPending}>
                {t('secondFactor.disable')}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : begin.data ? (
        <form onSubmit={submit(() => confirm.mutate())}>
          <Stack>
            <Text size="sm">{t('secondFactor.scan')}</Text>
            <Code block data-testid="second-factor-secret">
              {begin.data.secret.replace(/(.{4})/g, '$1 ').trim()}
            </Code>
            <Anchor href={begin.data.otpauthUrl} size="sm">
              {t('secondFactor.openInApp')}
            </Anchor>
            <TextInput
              label={t('secondFactor.code')}
              autoComplete="one-time-code"
              inputMode="numeric"
              required
              maxLength={20}
              value={code}
              error={isField(confirm.error, 'code') ? t('secondFactor.wrongCode') : undefined}
              onChange={(e) => setCode(e.currentTarget.value)}
            />
            <Group>
              <Button type="submit" loading={confirm.isPending}>
                {t('secondFactor.confirm')}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : (
        <Group>
          <Text>{t('secondFactor.off')}</Text>
          <Button variant="light" loading={begin.isPending} onClick={() => begin.mutate()}>
            {t('secondFactor.enable')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
