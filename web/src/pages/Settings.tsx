import { Button, Group, Select, Stack, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api, type MeDto } from '../api.ts';
import { allowed } from '../session.ts';
import { AuditLog } from './settings/AuditLog.tsx';
import { ComplaintTeamsSettings } from './settings/ComplaintTeams.tsx';
import { CostRates } from './settings/CostRates.tsx';
import { CustomFields } from './settings/CustomFields.tsx';
import { DefectionReasons } from './settings/DefectionReasons.tsx';
import { NotificationLog } from './settings/NotificationLog.tsx';
import { ErrorNote, People } from './settings/People.tsx';
import { Profile } from './settings/Profile.tsx';
import { SlaSettings } from './settings/SlaSettings.tsx';
import { Tokens } from './settings/Tokens.tsx';
import { ValueSettings } from './settings/ValueSettings.tsx';
import { Webhooks } from './settings/Webhooks.tsx';

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
          {me.user && <Tabs.Tab value="profile">{t('myProfile.tab')}</Tabs.Tab>}
          {allowed(me, 'users:read') && <Tabs.Tab value="people">{t('settings.people')}</Tabs.Tab>}
          {allowed(me, 'tokens:manage') && <Tabs.Tab value="tokens">{t('settings.tokens')}</Tabs.Tab>}
          <Tabs.Tab value="sla">{t('settings.sla.tab')}</Tabs.Tab>
          {allowed(me, 'complaints:read') && <Tabs.Tab value="complaint-teams">{t('complaintTeams.tab')}</Tabs.Tab>}
          {allowed(me, 'analytics:read') && <Tabs.Tab value="value">{t('settings.value.tab')}</Tabs.Tab>}
          <Tabs.Tab value="cost-rates">{t('settings.costRates.tab')}</Tabs.Tab>
          <Tabs.Tab value="custom-fields">{t('settings.customFields.tab')}</Tabs.Tab>
          {allowed(me, 'defections:read') && <Tabs.Tab value="defections">{t('defectionSettings.tab')}</Tabs.Tab>}
          {allowed(me, 'webhooks:manage') && <Tabs.Tab value="webhooks">{t('settings.webhooks.tab')}</Tabs.Tab>}
          {allowed(me, 'notifications:read') && <Tabs.Tab value="notifications">{t('notificationLog.tab')}</Tabs.Tab>}
          {allowed(me, 'audit:read') && <Tabs.Tab value="audit">{t('audit.tab')}</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="workspace" pt="md">
          <WorkspaceForm me={me} />
        </Tabs.Panel>
        <Tabs.Panel value="profile" pt="md">
          {tab === 'profile' && <Profile me={me} />}
        </Tabs.Panel>
        <Tabs.Panel value="people" pt="md">
          {allowed(me, 'users:read') && <People me={me} />}
        </Tabs.Panel>
        <Tabs.Panel value="tokens" pt="md">
          {allowed(me, 'tokens:manage') && <Tokens me={me} />}
        </Tabs.Panel>
        <Tabs.Panel value="sla" pt="md">
          {tab === 'sla' && <SlaSettings me={me} />}
        </Tabs.Panel>
        <Tabs.Panel value="complaint-teams" pt="md">
          {tab === 'complaint-teams' && allowed(me, 'complaints:read') && <ComplaintTeamsSettings me={me} />}
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
        <Tabs.Panel value="defections" pt="md">
          {tab === 'defections' && allowed(me, 'defections:read') && <DefectionReasons me={me} />}
        </Tabs.Panel>
        <Tabs.Panel value="webhooks" pt="md">
          {tab === 'webhooks' && allowed(me, 'webhooks:manage') && <Webhooks />}
        </Tabs.Panel>
        <Tabs.Panel value="notifications" pt="md">
          {tab === 'notifications' && allowed(me, 'notifications:read') && <NotificationLog />}
        </Tabs.Panel>
        <Tabs.Panel value="audit" pt="md">
          {tab === 'audit' && allowed(me, 'audit:read') && <AuditLog me={me} />}
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function WorkspaceForm({ me }: { me: MeDto }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form, setForm] = useState({
    name: me.workspace.name,
    slug: me.workspace.slug,
    currency: me.workspace.currency,
    locale: me.workspace.locale,
    timeZone: me.workspace.timeZone,
  });
  const save = useMutation({
    mutationFn: () => api.PATCH('/workspace', { body: form }),
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
