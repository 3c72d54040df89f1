// Complaint routing: which team a new complaint goes to, per category, and the team for every
// category without its own rule ("*"). One row per category of the complaint settings; a category
// left without a team falls to the "any other" rule, or stays unassigned when there is none.
// GET/PUT /complaint-routing; managers edit, everyone else reads.
import { Select, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type MeDto, type Schemas, type TeamDto } from '../../api.ts';
import { fieldErrorsOf, GeneralError } from '../../components/FieldErrors.tsx';
import { SaveRow } from '../../components/FormParts.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useLabel } from '../../labels.ts';
import { allowed } from '../../session.ts';
import { useComplaintSettings, useComplaintTeams } from '../complaints/useComplaintSetup.ts';

type Rule = Schemas['ComplaintRouting']['rules'][number];
const routingKey = ['complaint-routing'] as const;
/** The rule for every category without one of its own. */
const anyOther = '*';

export function ComplaintRouting({ me }: { me: MeDto }) {
  const routing = useQuery({ queryKey: routingKey, queryFn: () => api.GET('/complaint-routing') });
  const settings = useComplaintSettings();
  const { query: teams } = useComplaintTeams();
  const failed = [routing, settings, teams].find((q) => q.isError);
  if (failed) return <ErrorState error={failed.error as Error} onRetry={() => failed.refetch()} />;
  if (!routing.data || !settings.data || !teams.data) return <Loading />;
  return (
    <RoutingForm
      rules={routing.data.rules}
      categories={settings.data.categories}
      teams={teams.data.items}
      editable={allowed(me, 'complaints:manage')}
    />
  );
}

function RoutingForm({
  rules,
  categories,
  teams,
  editable,
}: {
  rules: Rule[];
  categories: string[];
  teams: TeamDto[];
  editable: boolean;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const qc = useQueryClient();
  const rows = [...categories, anyOther];
  const [teamOf, setTeamOf] = useState<Record<string, string | null>>(() =>
    Object.fromEntries(rows.map((c) => [c, rules.find((r) => r.category === c)?.teamId ?? null])),
  );
  // The rules sent: the rows with a team, in order (the server's errors name them by index).
  const sent = rows.filter((c) => teamOf[c]);
  const save = useMutation({
    mutationFn: () =>
      api.PUT('/complaint-routing', {
        body: { rules: sent.map((category) => ({ category, teamId: teamOf[category] as string })) },
      }),
    onSuccess: (saved) => qc.setQueryData(routingKey, saved),
  });
  const errors = fieldErrorsOf(save.error);
  const teamOptions = teams.map((team) => ({ value: team.id, label: team.name }));
  const name = (category: string) =>
    category === anyOther ? t('complaintTeams.routing.anyOther') : label('complaintCategory', category);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <Stack gap="xs" component="section" aria-label={t('complaintTeams.routing.title')}>
      <Title order={4}>{t('complaintTeams.routing.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('complaintTeams.routing.hint')}
      </Text>
      {teams.length === 0 ? (
        <Text c="dimmed">{t('complaintTeams.routing.noTeams')}</Text>
      ) : (
        <form onSubmit={submit} data-testid="routing-form">
          <Stack maw={640}>
            {!editable && <Text c="dimmed">{t('settings.noPermission')}</Text>}
            <GeneralError error={save.error} known={['rules']} />
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('complaintTeams.routing.category')}</Table.Th>
                  <Table.Th>{t('complaintTeams.routing.team')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((category) => (
                  <Table.Tr key={category}>
                    <Table.Td>{name(category)}</Table.Td>
                    <Table.Td>
                      <Select
                        aria-label={t('complaintTeams.routing.teamFor', { category: name(category) })}
                        size="xs"
                        data={teamOptions}
                        value={teamOf[category]}
                        placeholder={
                          category === anyOther
                            ? t('complaintTeams.routing.unassigned')
                            : t('complaintTeams.routing.fallsToAnyOther')
                        }
                        clearable
                        disabled={!editable}
                        error={
                          errors[`rules.${sent.indexOf(category)}.teamId`] ??
                          errors[`rules.${sent.indexOf(category)}.category`]
                        }
                        onChange={(v) => setTeamOf({ ...teamOf, [category]: v })}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {editable && <SaveRow loading={save.isPending} saved={save.isSuccess} />}
          </Stack>
        </form>
      )}
    </Stack>
  );
}
