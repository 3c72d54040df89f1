// The moves a complaint may make from its current status (the server's status machine), each
// asking for exactly the fields the API requires for it.
import { Button, Group, NumberInput, Select, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ComplaintDto, type Schemas } from '../../api.ts';
import { fieldErrorsOf, GeneralError } from '../../components/FieldErrors.tsx';
import {
  type ComplaintStatus,
  complaintsKey,
  nextStatuses,
  requiredFields,
  type Severity,
  severities,
} from './model.ts';
import { useComplaintSettings } from './useComplaintSetup.ts';
import { labelOf } from '../../labels.ts';

const emptyForm = {
  note: '',
  reason: '',
  severity: null as Severity | null,
  solution: '',
  rootCause: null as string | null,
  satisfactionScore: '' as number | string,
};

export function WorkflowActions({ complaint }: { complaint: ComplaintDto }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const settings = useComplaintSettings();
  const [target, setTarget] = useState<ComplaintStatus | null>(null);
  const [form, setForm] = useState(emptyForm);
  const patch = (p: Partial<typeof emptyForm>) => setForm((f) => ({ ...f, ...p }));
  const move = useMutation({
    mutationFn: (to: ComplaintStatus) => {
      const need = requiredFields(to);
      // The target comes from nextStatuses, which never leads back to `registered`.
      const body: Schemas['ComplaintTransition'] = { to: to as Schemas['ComplaintTransition']['to'] };
      if (form.note.trim()) body.note = form.note;
      if (need.includes('reason')) body.reason = form.reason;
      if (need.includes('severity')) body.severity = form.severity ?? undefined;
      if (need.includes('solution')) body.solution = form.solution;
      if (need.includes('rootCause')) body.rootCause = form.rootCause ?? undefined;
      if (to === 'satisfaction_checked' && form.satisfactionScore !== '')
        body.satisfactionScore = Number(form.satisfactionScore);
      return api.POST('/complaints/{id}/transitions', { params: { path: { id: complaint.id } }, body });
    },
    onSuccess: async (updated) => {
      qc.setQueryData([...complaintsKey, updated.id], updated);
      // Closed before the lists refresh: the next move's buttons show at once, and a form opened
      // from them meanwhile must not be closed when the refresh ends.
      setTarget(null);
      setForm(emptyForm);
      await qc.invalidateQueries({ queryKey: complaintsKey });
    },
  });
  const next = nextStatuses[complaint.status];
  if (next.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('workflow.done')}
      </Text>
    );
  if (!target) {
    return (
      <Group gap="xs" data-testid="workflow-actions">
        {next.map((to) => (
          <Button
            key={to}
            variant={to === 'invalid' || to === 'closed' ? 'default' : 'filled'}
            onClick={() =>
              requiredFields(to).length === 0 && to !== 'satisfaction_checked' ? move.mutate(to) : setTarget(to)
            }
            loading={move.isPending && move.variables === to}
          >
            {t(`workflow.to.${to}`)}
          </Button>
        ))}
        {move.error && <GeneralError error={move.error} known={[]} />}
      </Group>
    );
  }
  const need = requiredFields(target);
  const errors = fieldErrorsOf(move.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    move.mutate(target);
  };
  return (
    <form onSubmit={submit} noValidate data-testid="transition-form">
      <Stack gap="sm">
        <Text fw={600}>{t(`workflow.to.${target}`)}</Text>
        <GeneralError
          error={move.error}
          known={['reason', 'severity', 'solution', 'rootCause', 'note', 'satisfactionScore']}
        />
        {need.includes('severity') && (
          <Select
            label={t('workflow.severity')}
            required
            value={form.severity}
            onChange={(v) => patch({ severity: v as Severity | null })}
            data={severities.map((s) => ({ value: s, label: t(`severity.${s}`) }))}
            error={errors.severity}
          />
        )}
        {need.includes('reason') && (
          <Textarea
            label={t('workflow.reason')}
            description={t('workflow.reasonHint')}
            required
            autosize
            minRows={2}
            value={form.reason}
            onChange={(e) => patch({ reason: e.currentTarget.value })}
            error={errors.reason}
          />
        )}
        {need.includes('solution') && (
          <Textarea
            label={t('workflow.solution')}
            required
            autosize
            minRows={3}
            value={form.solution}
            onChange={(e) => patch({ solution: e.currentTarget.value })}
            error={errors.solution}
          />
        )}
        {need.includes('rootCause') && (
          <Select
            label={t('workflow.rootCause')}
            required
            value={form.rootCause}
            onChange={(v) => patch({ rootCause: v })}
            data={(settings.data?.rootCauses ?? []).map((c) => ({ value: c, label: labelOf(t, 'rootCause', c) }))}
            error={errors.rootCause}
          />
        )}
        {target === 'satisfaction_checked' && (
          <NumberInput
            label={t('workflow.score')}
            description={t('workflow.scoreHint')}
            min={1}
            max={5}
            value={form.satisfactionScore}
            onChange={(v) => patch({ satisfactionScore: v })}
            error={errors.satisfactionScore}
          />
        )}
        <Textarea
          label={t('workflow.note')}
          autosize
          minRows={1}
          value={form.note}
          onChange={(e) => patch({ note: e.currentTarget.value })}
          error={errors.note}
        />
        <Group justify="flex-end">
          <Button
            variant="default"
            onClick={() => {
              setTarget(null);
              move.reset();
            }}
          >
            {t('settings.cancel')}
          </Button>
          <Button type="submit" loading={move.isPending}>
            {t('workflow.confirm')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
