// The form that adds one action to a treatment arm: a message (texts in en/pt-BR/es with customer
// fields, previewed as a customer would read it in each language), bonus points, or a task for the
// account manager, or a loyalty reward's voucher; each with a cost per execution. Other kinds add their kind to `kinds`, their fields to `KindFields` and their request to `build`.
import { Button, Group, NumberInput, Paper, Select, Stack, Tabs, Text, Textarea, TextInput } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { customerFields, fillTemplate } from '../../../../src/modules/campaigns/campaigns.eligibility.ts';
import type { CampaignActionDto } from '../../campaigns-api.ts';
import { useRewards } from '../loyalty/queries.ts';

export type Kind = CampaignActionDto['type'];
/** The kinds of action the form offers; a new kind is added here and in KindFields and build below. */
export const kinds: Kind[] = ['message', 'points', 'task', 'voucher'];
const languages = ['en', 'pt-BR', 'es'] as const;
type Texts = Record<string, { subject: string; body: string }>;
type Fields = { points: number; title: string; texts: Texts; rewardId: string };

export function ActionForm(props: {
  arms: { key: string; name: string }[];
  taken: string[];
  onAdd: (a: CampaignActionDto) => void;
  busy?: boolean;
}) {
  const { t } = useTranslation();
  const [arm, setArm] = useState(props.arms[0]?.key ?? '');
  const [type, setType] = useState<Kind>('message');
  const [name, setName] = useState('');
  const [cost, setCost] = useState<number>(0);
  const [fields, setFields] = useState<Fields>({ points: 100, title: '', texts: {}, rewardId: '' });
  const chosenArm = props.arms.some((a) => a.key === arm) ? arm : (props.arms[0]?.key ?? '');
  let key = type;
  for (let i = 2; props.taken.includes(key); i++) key = `${type}-${i}` as Kind;
  const action =
    chosenArm && name.trim()
      ? build(type, fields, { key, arm: chosenArm, name, costMinor: Math.round(cost * 100) })
      : null;
  return (
    <Paper withBorder p="sm" data-testid="action-form">
      <Stack gap="xs">
        <Group grow>
          <Select
            label={t('campaigns.actions.arm')}
            data={props.arms.map((a) => ({ value: a.key, label: a.name }))}
            value={chosenArm}
            onChange={(v) => v && setArm(v)}
            allowDeselect={false}
          />
          <Select
            label={t('campaigns.actions.type')}
            data={kinds.map((k) => ({ value: k, label: t(`campaigns.actions.kind.${k}`) }))}
            value={type}
            onChange={(v) => v && setType(v as Kind)}
            allowDeselect={false}
          />
          <TextInput
            label={t('campaigns.actions.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <NumberInput
            label={t('campaigns.actions.costEach')}
            min={0}
            decimalScale={2}
            value={cost}
            onChange={(v) => setCost(typeof v === 'number' ? v : 0)}
          />
        </Group>
        <KindFields type={type} fields={fields} onChange={(patch) => setFields({ ...fields, ...patch })} />
        <Button
          leftSection={<IconPlus size={14} />}
          disabled={!action}
          loading={props.busy}
          onClick={() => {
            if (!action) return;
            props.onAdd(action);
            setName('');
          }}
          style={{ alignSelf: 'flex-start' }}
        >
          {t('campaigns.actions.add')}
        </Button>
      </Stack>
    </Paper>
  );
}

/** The request for one action, or null while something it needs is missing. */
function build(
  type: Kind,
  f: Fields,
  base: { key: string; arm: string; name: string; costMinor: number },
): CampaignActionDto | null {
  if (type === 'points') return f.points >= 1 ? { ...base, type, points: f.points } : null;
  if (type === 'task') return f.title.trim() ? { ...base, type, title: f.title } : null;
  if (type === 'voucher') return f.rewardId ? { ...base, type, rewardId: f.rewardId } : null;
  const filled = languages.filter((l) => f.texts[l]?.subject.trim() && f.texts[l]?.body.trim());
  if (!filled.includes('en')) return null;
  const templates = Object.fromEntries(filled.map((l) => [l, f.texts[l]]));
  return {
    ...base,
    type: 'message',
    templates: templates as Extract<CampaignActionDto, { type: 'message' }>['templates'],
  };
}

function KindFields(props: { type: Kind; fields: Fields; onChange: (patch: Partial<Fields>) => void }) {
  const { t } = useTranslation();
  const { fields } = props;
  if (props.type === 'points')
    return (
      <NumberInput
        label={t('campaigns.actions.points')}
        min={1}
        value={fields.points}
        onChange={(v) => props.onChange({ points: typeof v === 'number' ? v : 0 })}
      />
    );
  if (props.type === 'task')
    return (
      <TextInput
        label={t('campaigns.actions.taskTitle')}
        value={fields.title}
        onChange={(e) => props.onChange({ title: e.currentTarget.value })}
      />
    );
  if (props.type === 'voucher')
    return <RewardField value={fields.rewardId} onChange={(rewardId) => props.onChange({ rewardId })} />;
  const text = (l: string) => fields.texts[l] ?? { subject: '', body: '' };
  const setText = (l: string, part: 'subject' | 'body', value: string) =>
    props.onChange({ texts: { ...fields.texts, [l]: { ...text(l), [part]: value } } });
  return (
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
      <MessagePreview texts={fields.texts} />
    </>
  );
}

/** Each language's text as an example customer would read it (English when a language has none). */
function MessagePreview({ texts }: { texts: Texts }) {
  const { t } = useTranslation();
  if (!texts.en?.subject && !texts.en?.body) return null;
  const sample = customerFields({
    name: t('campaigns.actions.sampleName'),
    email: 'maria@example.com',
    phone: null,
    customFields: {},
  });
  return (
    <Tabs defaultValue="en" data-testid="message-preview">
      <Tabs.List>
        {languages.map((l) => (
          <Tabs.Tab key={l} value={l}>
            {t('campaigns.actions.previewIn', { language: t(`campaigns.actions.language.${l}`) })}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      {languages.map((l) => {
        const own = texts[l]?.subject.trim() && texts[l]?.body.trim();
        const text = own ? texts[l] : (texts.en ?? { subject: '', body: '' });
        return (
          <Tabs.Panel key={l} value={l} pt="xs">
            {!own && (
              <Text size="xs" c="orange">
                {t('campaigns.actions.fallsBack')}
              </Text>
            )}
            <Text fw={600} size="sm">
              {fillTemplate(text.subject, sample)}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {fillTemplate(text.body, sample)}
            </Text>
          </Tabs.Panel>
        );
      })}
    </Tabs>
  );
}

/** The loyalty reward a voucher action gives (no points spent; its cost is the reward's when the cost is 0). */
function RewardField(props: { value: string; onChange: (rewardId: string) => void }) {
  const { t } = useTranslation();
  const rewards = useRewards();
  return (
    <Select
      label={t('campaigns.actions.reward')}
      placeholder={t('campaigns.actions.rewardPick')}
      data={(rewards.data ?? []).filter((r) => r.active).map((r) => ({ value: r.id, label: r.name }))}
      value={props.value || null}
      onChange={(v) => props.onChange(v ?? '')}
      nothingFoundMessage={t('campaigns.actions.noRewards')}
      searchable
    />
  );
}
