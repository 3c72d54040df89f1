// The loyalty program's screens (/loyalty/<tab>): rules and promotions, the rewards catalogue,
// membership levels and the finance reports. Each tab shows only what the API backs for the
// caller's role. Admins also see, above the tabs, purchases parked after failing to earn.
import { Stack, Tabs, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import type { MeDto } from '../../api.ts';
import { allowed } from '../../session.ts';
import { LevelsTab } from './LevelsTab.tsx';
import { ParkedEarnings } from './ParkedEarnings.tsx';
import { ProgramTab } from './ProgramTab.tsx';
import { useProgram } from './queries.ts';
import { ReportsTab } from './ReportsTab.tsx';
import { RewardsTab } from './RewardsTab.tsx';

const tabs = ['program', 'rewards', 'levels', 'reports'] as const;

export function LoyaltyPage({ me }: { me: MeDto }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const program = useProgram();
  const requested = useParams()['*'] || 'program';
  const visible = tabs.filter((tab) => tab !== 'reports' || allowed(me, 'loyalty:reports'));
  // Without a program, only its set-up makes sense; the other tabs would all say "no program".
  const hasProgram = Boolean(program.data);
  const tab = hasProgram && (visible as readonly string[]).includes(requested) ? requested : 'program';
  return (
    <Stack>
      <div>
        <Title order={2}>{program.data?.name ?? t('loyalty.title')}</Title>
        <Text c="dimmed" size="sm">
          {t('loyalty.subtitle')}
        </Text>
      </div>
      {hasProgram && allowed(me, 'loyalty:earn_queue') && <ParkedEarnings />}
      <Tabs value={tab} onChange={(v) => v && navigate(`/loyalty/${v}`)} keepMounted={false}>
        <Tabs.List>
          {visible.map((v) => (
            <Tabs.Tab key={v} value={v} disabled={v !== 'program' && !hasProgram}>
              {t(`loyalty.tabs.${v}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="program" pt="md">
          <ProgramTab me={me} />
        </Tabs.Panel>
        {hasProgram && (
          <>
            <Tabs.Panel value="rewards" pt="md">
              <RewardsTab me={me} />
            </Tabs.Panel>
            <Tabs.Panel value="levels" pt="md">
              <LevelsTab me={me} />
            </Tabs.Panel>
            <Tabs.Panel value="reports" pt="md">
              {allowed(me, 'loyalty:reports') && <ReportsTab />}
            </Tabs.Panel>
          </>
        )}
      </Tabs>
    </Stack>
  );
}
