// Settings → Your profile: one's own name, which every workspace one belongs to shows. Only the
// person changes it (workspace admins change roles, not names). Below it, account security.
import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type MeDto } from '../../api.ts';
import { ErrorNote } from './People.tsx';
import { Security } from './Security.tsx';

export function Profile({ me }: { me: MeDto }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [name, setName] = useState(me.user?.name ?? '');
  const save = useMutation({
    mutationFn: () => api.PATCH('/auth/me', { body: { name } }),
    onSuccess: (updated) => {
      qc.setQueryData(['me'], updated);
      void qc.invalidateQueries({ queryKey: ['users'] });
    },
  });
  if (!me.user) return <Text c="dimmed">{t('myProfile.tokenCaller')}</Text>;
  return (
    <>
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack maw={480}>
          <ErrorNote error={save.error} />
          <TextInput label={t('myProfile.email')} value={me.user.email} disabled />
          <TextInput
            label={t('myProfile.name')}
            description={t('myProfile.nameHint')}
            required
            maxLength={120}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <Group>
            <Button type="submit" loading={save.isPending}>
              {t('settings.save')}
            </Button>
            {save.isSuccess && <Text c="teal">{t('settings.saved')}</Text>}
          </Group>
        </Stack>
      </form>
      <Security />
    </>
  );
}
