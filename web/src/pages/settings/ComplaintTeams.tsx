// Complaint teams and routing: the teams that handle complaints (name, how a new complaint picks
// its member, the members and which of them manage the team, with each one's open complaints),
// and below, which team each category goes to. GET /complaint-teams (complaints:read); managers
// (complaints:manage) add and change teams: POST, PATCH /complaint-teams/{id} for the name and
// strategy, PUT /complaint-teams/{id}/members for the members.
import { Badge, Button, Group, Modal, MultiSelect, Select, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type MeDto, type TeamDto } from '../../api.ts';
import { EditableList } from '../../components/EditableList.tsx';
import { fieldErrorsOf, GeneralError } from '../../components/FieldErrors.tsx';
import { DialogActions } from '../../components/FormParts.tsx';
import { useFormat } from '../../format.ts';
import { useMembers } from '../../members.ts';
import { allowed } from '../../session.ts';
import { useComplaintTeams } from '../complaints/useComplaintSetup.ts';
import { ComplaintRouting } from './ComplaintRouting.tsx';

type Strategy = TeamDto['strategy'];
const strategySet: Record<Strategy, true> = { round_robin: true, least_loaded: true };
const strategies = Object.keys(strategySet) as Strategy[];
const teamsKey = ['complaint-teams'] as const;

export function ComplaintTeamsSettings({ me }: { me: MeDto }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { query } = useComplaintTeams();
  const editable = allowed(me, 'complaints:manage');
  return (
    <Stack gap="xl" maw={1000}>
      <EditableList
        query={query}
        title={t('complaintTeams.title')}
        hint={t('complaintTeams.hint')}
        minWidth={720}
        testId="complaint-teams"
        empty={{ title: t('complaintTeams.emptyTitle'), body: t('complaintTeams.emptyBody') }}
        add={
          editable
            ? {
                label: t('complaintTeams.add'),
                dialog: ({ opened, item, close }) => opened && <TeamDialog me={me} team={item} onClose={close} />,
              }
            : undefined
        }
        columns={[
          { header: t('complaintTeams.name'), cell: (team) => <Text fw={500}>{team.name}</Text> },
          {
            header: t('complaintTeams.strategy'),
            cell: (team) => t(`complaintTeams.strategies.${team.strategy}`),
          },
          {
            header: t('complaintTeams.members'),
            cell: (team) =>
              team.members.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('complaintTeams.noMembers')}
                </Text>
              ) : (
                <Stack gap={2}>
                  {team.members.map((m) => (
                    <Group key={m.userId} gap={6} wrap="nowrap">
                      <Text size="sm">{m.name || m.email}</Text>
                      {m.manager && (
                        <Badge size="xs" variant="light">
                          {t('complaintTeams.manager')}
                        </Badge>
                      )}
                      <Text size="xs" c="dimmed">
                        {t('complaintTeams.open', { count: m.openComplaints })}
                      </Text>
                    </Group>
                  ))}
                </Stack>
              ),
          },
          { header: t('complaintTeams.created'), cell: (team) => fmt.date(team.createdAt) },
          editable && {
            cell: (_team, edit) => (
              <Button size="xs" variant="subtle" onClick={edit}>
                {t('complaintTeams.edit')}
              </Button>
            ),
          },
        ]}
      />
      <ComplaintRouting me={me} />
    </Stack>
  );
}

/** Add a team (`team` null) or change one: name and strategy, then its members. */
function TeamDialog({ me, team, onClose }: { me: MeDto; team: TeamDto | null; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { members: people } = useMembers(me);
  const [name, setName] = useState(team?.name ?? '');
  const [strategy, setStrategy] = useState<Strategy>(team?.strategy ?? 'round_robin');
  const [memberIds, setMemberIds] = useState(team?.members.map((m) => m.userId) ?? []);
  const [managerIds, setManagerIds] = useState(team?.members.filter((m) => m.manager).map((m) => m.userId) ?? []);
  // Everyone who may be picked: the workspace's people, and the team's members even if the list is not readable.
  const choices = new Map(people.map((p) => [p.id, p.name || p.email]));
  for (const m of team?.members ?? []) if (!choices.has(m.userId)) choices.set(m.userId, m.name || m.email);
  const options = [...choices].map(([value, label]) => ({ value, label }));
  const members = memberIds.map((userId) => ({ userId, manager: managerIds.includes(userId) }));
  const save = useMutation({
    mutationFn: async () => {
      if (!team) return api.POST('/complaint-teams', { body: { name, strategy, members } });
      const path = { id: team.id };
      if (name !== team.name || strategy !== team.strategy)
        await api.PATCH('/complaint-teams/{id}', {
          params: { path },
          body: { ...(name !== team.name ? { name } : {}), strategy },
        });
      return api.PUT('/complaint-teams/{id}/members', { params: { path }, body: { members } });
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: teamsKey });
      onClose();
    },
  });
  const errors = fieldErrorsOf(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <Modal opened onClose={onClose} title={team ? t('complaintTeams.editTitle') : t('complaintTeams.add')}>
      <form onSubmit={submit} data-testid="team-form">
        <Stack>
          <GeneralError error={save.error} known={['name', 'strategy']} />
          <TextInput
            label={t('complaintTeams.name')}
            required
            maxLength={120}
            value={name}
            error={errors.name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <Select
            label={t('complaintTeams.strategy')}
            description={t(`complaintTeams.strategyHints.${strategy}`)}
            data={strategies.map((s) => ({ value: s, label: t(`complaintTeams.strategies.${s}`) }))}
            value={strategy}
            allowDeselect={false}
            onChange={(v) => v && setStrategy(v as Strategy)}
          />
          <MultiSelect
            label={t('complaintTeams.members')}
            placeholder={t('complaintTeams.pickMembers')}
            data={options}
            value={memberIds}
            searchable
            onChange={(ids) => {
              setMemberIds(ids);
              setManagerIds((m) => m.filter((id) => ids.includes(id)));
            }}
          />
          <MultiSelect
            label={t('complaintTeams.managers')}
            description={t('complaintTeams.managersHint')}
            data={options.filter((o) => memberIds.includes(o.value))}
            value={managerIds}
            onChange={setManagerIds}
            disabled={memberIds.length === 0}
          />
          <DialogActions onCancel={onClose} loading={save.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}
