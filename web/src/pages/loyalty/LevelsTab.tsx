// Membership levels, lowest first: what qualifies a member (points or spend in the rolling
// period), the earning multiplier and the benefits. Customer-visible, unlike pyramid tiers.
import {
  Badge,
  Button,
  Card,
  Group,
  Modal,
  NumberInput,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type MeDto } from '../../api.ts';
import { DialogActions } from '../../components/FormParts.tsx';
import { fieldErrorsOf, GeneralError } from '../../components/FieldErrors.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';
import { allowed } from '../../session.ts';
import type { LevelDto } from './model.ts';
import { loyaltyKey, useLevels, useProgram } from './queries.ts';

export function LevelsTab({ me }: { me: MeDto }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const levels = useLevels();
  const program = useProgram();
  const [editing, setEditing] = useState<LevelDto | 'new' | null>(null);
  const editable = allowed(me, 'loyalty:configure');
  const basis = program.data?.levelBasis ?? 'points';
  const threshold = (n: number) =>
    basis === 'spend' ? fmt.money(n) : `${fmt.number(n)} ${program.data?.pointsUnit ?? t('loyalty.points')}`;
  if (levels.isPending) return <Loading />;
  if (levels.isError) return <ErrorState error={levels.error} onRetry={() => levels.refetch()} />;
  const add = editable && (
    <Button onClick={() => setEditing('new')} style={{ alignSelf: 'flex-start' }}>
      {t('loyalty.levels.add')}
    </Button>
  );
  return (
    <Stack>
      {program.data && (
        <Text size="sm" c="dimmed">
          {t(`loyalty.levels.basis.${basis}`, {
            months: program.data.qualificationMonths,
            grace: program.data.graceMonths,
          })}
        </Text>
      )}
      {levels.data.length === 0 ? (
        <EmptyState title={t('loyalty.levels.emptyTitle')} action={add}>
          {t('loyalty.levels.emptyBody')}
        </EmptyState>
      ) : (
        <>
          {add}
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
            {levels.data.map((l) => (
              <Card key={l.id} withBorder radius="md" data-testid="level-card">
                <Group justify="space-between" wrap="nowrap">
                  <Title order={4}>{l.name}</Title>
                  <Badge variant="light">{t('loyalty.levels.rankN', { rank: l.rank })}</Badge>
                </Group>
                <Text size="sm" mt="xs">
                  {t('loyalty.levels.from', { threshold: threshold(l.threshold) })}
                </Text>
                <Text size="sm">{t('loyalty.levels.earns', { factor: l.earnMultiplier })}</Text>
                {l.members !== undefined && (
                  <Text size="sm" c="dimmed">
                    {t('loyalty.levels.members', { count: l.members })}
                  </Text>
                )}
                <Group gap={4} mt="xs">
                  {l.benefits.prioritySupport && (
                    <Badge size="sm" color="grape" variant="light">
                      {t('loyalty.levels.prioritySupport')}
                    </Badge>
                  )}
                  {[...l.benefits.freeItems, ...l.benefits.perks].map((b) => (
                    <Badge key={b} size="sm" variant="outline">
                      {b}
                    </Badge>
                  ))}
                </Group>
                {editable && (
                  <Button
                    mt="sm"
                    size="xs"
                    variant="subtle"
                    onClick={() => setEditing(l)}
                    aria-label={t('loyalty.levels.editOne', { name: l.name })}
                  >
                    {t('loyalty.rewards.edit')}
                  </Button>
                )}
              </Card>
            ))}
          </SimpleGrid>
        </>
      )}
      {editable && editing && <LevelForm level={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Stack>
  );
}

function LevelForm({ level, onClose }: { level: LevelDto | null; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form, setForm] = useState({
    name: level?.name ?? '',
    rank: (level?.rank ?? '') as number | '',
    threshold: (level?.threshold ?? '') as number | '',
    earnMultiplier: level?.earnMultiplier ?? '1',
    prioritySupport: level?.benefits.prioritySupport ?? false,
    freeItems: level?.benefits.freeItems ?? [],
    perks: level?.benefits.perks ?? [],
  });
  const save = useMutation({
    mutationFn: () => {
      const body = {
        name: form.name,
        // Required inputs: the browser does not submit the form while they are blank.
        rank: form.rank as number,
        threshold: form.threshold as number,
        earnMultiplier: form.earnMultiplier.trim(),
        benefits: { prioritySupport: form.prioritySupport, freeItems: form.freeItems, perks: form.perks },
      };
      return level
        ? api.PATCH('/loyalty/levels/{id}', { params: { path: { id: level.id } }, body })
        : api.POST('/loyalty/levels', { body });
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: loyaltyKey });
      onClose();
    },
  });
  const errors = fieldErrorsOf(save.error);
  return (
    <Modal
      opened
      onClose={onClose}
      title={level ? t('loyalty.levels.editOne', { name: level.name }) : t('loyalty.levels.add')}
    >
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack>
          <GeneralError error={save.error} known={['name', 'rank', 'threshold', 'earnMultiplier', 'benefits']} />
          <TextInput
            label={t('loyalty.levels.name')}
            required
            value={form.name}
            error={errors.name}
            onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
          />
          <Group grow>
            <NumberInput
              label={t('loyalty.levels.rank')}
              description={t('loyalty.levels.rankHint')}
              required
              allowDecimal={false}
              allowNegative={false}
              value={form.rank}
              error={errors.rank}
              onChange={(v) => setForm({ ...form, rank: v === '' ? '' : Number(v) })}
            />
            <NumberInput
              label={t('loyalty.levels.threshold')}
              required
              allowDecimal={false}
              allowNegative={false}
              value={form.threshold}
              error={errors.threshold}
              onChange={(v) => setForm({ ...form, threshold: v === '' ? '' : Number(v) })}
            />
          </Group>
          <TextInput
            label={t('loyalty.levels.earnMultiplier')}
            inputMode="decimal"
            leftSection="×"
            value={form.earnMultiplier}
            error={errors.earnMultiplier}
            onChange={(e) => setForm({ ...form, earnMultiplier: e.currentTarget.value })}
          />
          <Switch
            label={t('loyalty.levels.prioritySupport')}
            checked={form.prioritySupport}
            onChange={(e) => setForm({ ...form, prioritySupport: e.currentTarget.checked })}
          />
          <TagsInput
            label={t('loyalty.levels.freeItems')}
            value={form.freeItems}
            onChange={(v) => setForm({ ...form, freeItems: v })}
            error={errors['benefits.freeItems']}
          />
          <TagsInput
            label={t('loyalty.levels.perks')}
            value={form.perks}
            onChange={(v) => setForm({ ...form, perks: v })}
            error={errors['benefits.perks']}
          />
          <DialogActions onCancel={onClose} loading={save.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}
