// A campaign's actions step and execution: while a draft, add or remove actions per treatment arm
// (a message with texts in en/pt-BR/es, bonus points or a task for the account manager, each with
// a cost per execution); once launched, start the execution and follow its progress — done,
// deferred to outside quiet hours, skipped by reason, failed — with the costs per arm and the
// members flagged for conflicting campaigns.
import {
  ActionIcon,
  Badge,
  Button,
  Group,
  NumberInput,
  Progress,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { IconBolt, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type CampaignActionDto,
  type CampaignDto,
  useCampaignExecution,
  useSaveActions,
  useStartExecution,
} from '../../campaigns-api.ts';
import { GeneralError } from '../../components/FieldErrors.tsx';
import { QueryCard } from '../../components/QueryCard.tsx';
import { useFormat } from '../../format.ts';

type Kind = CampaignActionDto['type'];
const languages = ['en', 'pt-BR', 'es'] as const;

export function ActionsPanel({ campaign, canWrite }: { campaign: CampaignDto; canWrite: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const save = useSaveActions(campaign.id);
  const [actions, setActions] = useState<CampaignActionDto[]>(campaign.actions);
  const editable = canWrite && campaign.status === 'draft';
  const armName = (key: string) => campaign.arms.find((a) => a.key === key)?.name ?? key;
  const update = (next: CampaignActionDto[]) => {
    setActions(next);
    save.mutate(next);
  };
  return (
    <Stack gap="sm" data-testid="campaign-actions">
      <Text fw={600}>
        <IconBolt size={16} /> {t('campaigns.actions.title')}
      </Text>
      {actions.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('campaigns.actions.none')}
        </Text>
      ) : (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('campaigns.actions.arm')}</Table.Th>
              <Table.Th>{t('campaigns.actions.type')}</Table.Th>
              <Table.Th>{t('campaigns.actions.name')}</Table.Th>
              <Table.Th ta="right">{t('campaigns.actions.cost')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {actions.map((a) => (
              <Table.Tr key={a.key}>
                <Table.Td>{armName(a.arm)}</Table.Td>
                <Table.Td>{t(`campaigns.actions.kind.${a.type}`)}</Table.Td>
                <Table.Td>{a.name}</Table.Td>
                <Table.Td ta="right">{fmt.money(a.costMinor ?? 0)}</Table.Td>
                <Table.Td>
                  {editable && (
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t('campaigns.actions.remove', { name: a.name })}
                      onClick={() => update(actions.filter((x) => x.key !== a.key))}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <GeneralError error={save.error} known={[]} />
      {editable && <AddAction campaign={campaign} onAdd={(a) => update([...actions, a])} busy={save.isPending} />}
      {campaign.status !== 'draft' && <Execution campaign={campaign} canWrite={canWrite} />}
    </Stack>
  );
}

function AddAction(props: { campaign: CampaignDto; onAdd: (a: CampaignActionDto) => void; busy: boolean }) {
  const { t } = useTranslation();
  const treatment = props.campaign.arms.filter((a) => !a.control);
  const [arm, setArm] = useState(treatment[0]?.key ?? '');
  const [type, setType] = useState<Kind>('message');
  const [name, setName] = useState('');
  const [cost, setCost] = useState<number>(0);
  const [points, setPoints] = useState<number>(100);
  const [title, setTitle] = useState('');
  const [texts, setTexts] = useState<Record<string, { subject: string; body: string }>>({});
  const text = (lng: string) => texts[lng] ?? { subject: '', body: '' };
  const setText = (lng: string, part: 'subject' | 'body', value: string) =>
    setTexts({ ...texts, [lng]: { ...text(lng), [part]: value } });
  const key = `${type}-${Date.now().toString(36)}`;
  const costMinor = Math.round(cost * 100);
  const build = (): CampaignActionDto | null => {
    if (!arm || !name.trim()) return null;
    if (type === 'points') return { key, arm, name, type, points, costMinor };
    if (type === 'task') return title.trim() ? { key, arm, name, type, title, costMinor } : null;
    const filled = languages.filter((l) => text(l).subject.trim() && text(l).body.trim());
    if (!filled.includes('en')) return null;
    return {
      key,
      arm,
      name,
      type,
      costMinor,
      templates: Object.fromEntries(filled.map((l) => [l, text(l)])) as Extract<
        CampaignActionDto,
        { type: 'message' }
      >['templates'],
    };
  };
  const action = build();
  return (
    <Stack gap="xs" p="sm" style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 8 }}>
      <Group grow>
        <Select
          label={t('campaigns.actions.arm')}
          data={treatment.map((a) => ({ value: a.key, label: a.name }))}
          value={arm}
          onChange={(v) => v && setArm(v)}
          allowDeselect={false}
        />
        <Select
          label={t('campaigns.actions.type')}
          data={(['message', 'points', 'task'] as const).map((k) => ({
            value: k,
            label: t(`campaigns.actions.kind.${k}`),
          }))}
          value={type}
          onChange={(v) => v && setType(v as Kind)}
          allowDeselect={false}
        />
        <TextInput label={t('campaigns.actions.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <NumberInput
          label={t('campaigns.actions.costEach')}
          min={0}
          decimalScale={2}
          value={cost}
          onChange={(v) => setCost(typeof v === 'number' ? v : 0)}
        />
      </Group>
      {type === 'points' && (
        <NumberInput
          label={t('campaigns.actions.points')}
          min={1}
          value={points}
          onChange={(v) => setPoints(typeof v === 'number' ? v : 1)}
        />
      )}
      {type === 'task' && (
        <TextInput
          label={t('campaigns.actions.taskTitle')}
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
        />
      )}
      {type === 'message' && (
        <>
          <Text size="xs" c="dimmed">
            {t('campaigns.actions.fieldsHint', { fields: '{{firstName}}, {{name}}, {{email}}' })}
          </Text>
          {languages.map((l) => (
            <Group key={l} grow align="flex-start">
              <TextInput
                label={t('campaigns.actions.subject', { language: t(`campaigns.actions.language.${l}`) })}
                value={text(l).subject}
                onChange={(e) => setText(l, 'subject', e.currentTarget.value)}
              />
              <Textarea
                label={t('campaigns.actions.body', { language: t(`campaigns.actions.language.${l}`) })}
                autosize
                minRows={1}
                value={text(l).body}
                onChange={(e) => setText(l, 'body', e.currentTarget.value)}
              />
            </Group>
          ))}
        </>
      )}
      <Button
        leftSection={<IconPlus size={14} />}
        disabled={!action}
        loading={props.busy}
        onClick={() => action && props.onAdd(action)}
        style={{ alignSelf: 'flex-start' }}
      >
        {t('campaigns.actions.add')}
      </Button>
    </Stack>
  );
}

function Execution({ campaign, canWrite }: { campaign: CampaignDto; canWrite: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const query = useCampaignExecution(campaign.id);
  const start = useStartExecution(campaign.id);
  return (
    <QueryCard title={t('campaigns.execution.title')} testId="campaign-execution" query={query}>
      {(e) => {
        const handled = e.total - e.pending;
        return (
          <Stack gap="xs">
            <Group>
              <Badge variant="light">{t(`campaigns.execution.status.${e.status}`)}</Badge>
              {campaign.conflicts ? (
                <Badge color="orange">{t('campaigns.execution.conflicts', { count: campaign.conflicts })}</Badge>
              ) : null}
              {canWrite && e.status === 'idle' && campaign.status === 'launched' && campaign.actions.length > 0 && (
                <Button size="xs" loading={start.isPending} onClick={() => start.mutate()}>
                  {t('campaigns.execution.start')}
                </Button>
              )}
            </Group>
            <GeneralError error={start.error} known={[]} />
            <Progress value={e.total ? (100 * handled) / e.total : 0} aria-label={t('campaigns.execution.title')} />
            <Text size="sm">
              {t('campaigns.execution.summary', {
                handled: fmt.number(handled),
                total: fmt.number(e.total),
                done: fmt.number(e.done),
                deferred: fmt.number(e.deferred),
                failed: fmt.number(e.failed),
              })}
            </Text>
            {Object.keys({ ...e.skippedByReason, ...e.failedByReason }).length > 0 && (
              <Table>
                <Table.Tbody>
                  {[...Object.entries(e.skippedByReason), ...Object.entries(e.failedByReason)].map(([reason, n]) => (
                    <Table.Tr key={reason}>
                      <Table.Td>
                        {t(`campaigns.execution.reason.${reason}`, t('campaigns.execution.reason.other'))}
                      </Table.Td>
                      <Table.Td ta="right">{fmt.number(n)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
            {Object.entries(e.costMinorByArm).map(([arm, cost]) => (
              <Text size="sm" key={arm}>
                {t('campaigns.execution.cost', {
                  arm: campaign.arms.find((a) => a.key === arm)?.name ?? arm,
                  cost: fmt.money(cost),
                })}
              </Text>
            ))}
          </Stack>
        );
      }}
    </QueryCard>
  );
}
