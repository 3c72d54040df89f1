import { AppShell, Burger, Button, Group, NavLink, Select, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconApi,
  IconAward,
  IconBriefcase,
  IconChecklist,
  IconFileImport,
  IconHeartHandshake,
  IconTrophy,
  IconHome,
  IconMessageExclamation,
  IconMoodSmile,
  IconPackage,
  IconSettings,
  IconShieldLock,
  IconUsers,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import type { MeDto } from '../api.ts';
import { useAnalyticsNav } from '../pages/analytics/nav.tsx';
import { allowed, useSessionActions } from '../session.ts';
import { LanguagePicker } from './LanguagePicker.tsx';

export function Shell({ me, children }: { me: MeDto; children: ReactNode }) {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure();
  const { logout, switchWorkspace } = useSessionActions();
  const location = useLocation();
  const analyticsNav = useAnalyticsNav(me);
  const nav = [
    { to: '/', label: t('nav.home'), icon: <IconHome size={18} /> },
    { to: '/customers', label: t('nav.customers'), icon: <IconUsers size={18} /> },
    { to: '/my/tasks', label: t('nav.myTasks'), icon: <IconChecklist size={18} /> },
    { to: '/my/book', label: t('nav.myBook'), icon: <IconBriefcase size={18} /> },
    ...analyticsNav,
    { to: '/complaints', label: t('nav.complaints'), icon: <IconMessageExclamation size={18} /> },
    { to: '/loyalty', label: t('loyalty.nav'), icon: <IconAward size={18} /> },
    { to: '/surveys', label: t('nav.surveys'), icon: <IconMoodSmile size={18} /> },
    { to: '/products', label: t('nav.products'), icon: <IconPackage size={18} /> },
    ...(allowed(me, 'imports:read')
      ? [{ to: '/imports', label: t('nav.imports'), icon: <IconFileImport size={18} /> }]
      : []),
    { to: '/people/scoreboard', label: t('nav.scoreboard'), icon: <IconTrophy size={18} /> },
    { to: '/people/recognition', label: t('nav.recognition'), icon: <IconHeartHandshake size={18} /> },
    ...(allowed(me, 'privacy:manage')
      ? [{ to: '/privacy', label: t('nav.privacy'), icon: <IconShieldLock size={18} /> }]
      : []),
    { to: '/settings', label: t('nav.settings'), icon: <IconSettings size={18} /> },
  ];
  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="menu" />
            <Title order={3} c="teal.7">
              {t('app.name')}
            </Title>
            {me.workspaces.length > 1 ? (
              <Select
                aria-label={t('header.workspace')}
                data-testid="workspace-switcher"
                size="xs"
                w={200}
                data={me.workspaces.map((w) => ({ value: w.id, label: w.name }))}
                value={me.workspace.id}
                onChange={(id) => id && id !== me.workspace.id && switchWorkspace.mutate(id)}
                allowDeselect={false}
              />
            ) : (
              <Text size="sm" c="dimmed" visibleFrom="xs">
                {me.workspace.name}
              </Text>
            )}
          </Group>
          <Group wrap="nowrap" gap="xs">
            <LanguagePicker />
            <Text size="xs" c="dimmed" visibleFrom="md">
              {t('header.signedInAs', { name: me.user?.name ?? 'API', role: t(`roles.${me.role}`) })}
            </Text>
            <Button size="xs" variant="light" onClick={() => logout.mutate()}>
              {t('header.logout')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs">
        {nav.map((item) => (
          <NavLink
            key={item.to}
            component={Link}
            to={item.to}
            label={item.label}
            leftSection={item.icon}
            onClick={close}
            active={item.to === '/' ? location.pathname === '/' : location.pathname.startsWith(item.to)}
          />
        ))}
        <NavLink href="/docs" label={t('nav.apiDocs')} target="_blank" leftSection={<IconApi size={18} />} />
      </AppShell.Navbar>
      <AppShell.Main>{children}</AppShell.Main>
    </AppShell>
  );
}
