// Likely duplicate customers (same email or phone, near-identical name), most likely first; for
// those who may merge, keep one record and fold the other into it, moving all its history.
import { Alert, Anchor, Badge, Button, Card, Group, Modal, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, type MeDto, type Schemas } from '../../api.ts';
import { DialogActions } from '../../components/FormParts.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';
import { errorText } from '../../problemText.ts';
import { allowed } from '../../session.ts';

type Pair = Schemas['DuplicatePair'];
type Person = Pair['a'];
type Merge = { keep: Person; fold: Person };

const duplicatesKey = ['customers', 'duplicates'] as const;

export function DuplicatesPage({ me }: { me: MeDto }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [merging, setMerging] = useState<Merge | null>(null);
  const [done, setDone] = useState<{ name: string; moved: number } | null>(null);
  const pairs = useQuery({
    queryKey: duplicatesKey,
    queryFn: ({ signal }) => api.GET('/customers/duplicates', { params: { query: { limit: 100 } }, signal }),
  });
  const canMerge = allowed(me, 'customers:merge');
  const person = (p: Person) => (
    <div style={{ minWidth: 0 }}>
      <Anchor component={Link} to={`/customers/${p.id}`} fw={600}>
        {p.name}
      </Anchor>
      <Text size="sm" c="dimmed" truncate>
        {p.email ?? '—'}
      </Text>
      <Text size="sm" c="dimmed">
        {p.phone ?? '—'}
      </Text>
    </div>
  );
  let body;
  if (pairs.isPending) body = <Loading />;
  else if (pairs.isError) body = <ErrorState error={pairs.error} onRetry={() => pairs.refetch()} />;
  else if (pairs.data.items.length === 0)
    body = <EmptyState title={t('duplicates.noneTitle')}>{t('duplicates.none')}</EmptyState>;
  else
    body = (
      <Stack gap="sm">
        {pairs.data.items.map((d) => (
          <Card key={`${d.a.id}-${d.b.id}`} withBorder radius="md" data-testid="duplicate-pair">
            <Group justify="space-between" mb="xs">
              <Badge variant="light">{t(`duplicates.reasons.${d.reason}`)}</Badge>
              <Text size="xs" c="dimmed">
                {t('duplicates.score', { score: fmt.percent(d.score, 0) })}
              </Text>
            </Group>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {[d.a, d.b].map((p, i) => (
                <Stack key={p.id} gap="xs">
                  {person(p)}
                  {canMerge && (
                    <Button
                      size="compact-sm"
                      variant="light"
                      style={{ alignSelf: 'flex-start' }}
                      onClick={() => setMerging({ keep: p, fold: i === 0 ? d.b : d.a })}
                    >
                      {t('duplicates.keepThis')}
                    </Button>
                  )}
                </Stack>
              ))}
            </SimpleGrid>
          </Card>
        ))}
      </Stack>
    );
  return (
    <Stack>
      <Anchor component={Link} to="/customers" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          {t('customers.title')}
        </Group>
      </Anchor>
      <Title order={2}>{t('duplicates.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('duplicates.intro')}
      </Text>
      {done && (
        <Alert color="teal" withCloseButton onClose={() => setDone(null)} data-testid="merge-done">
          {t('duplicates.merged', { name: done.name, count: done.moved, n: fmt.number(done.moved) })}
        </Alert>
      )}
      {body}
      {merging && <MergeDialog merge={merging} onClose={() => setMerging(null)} onMerged={setDone} />}
    </Stack>
  );
}

function MergeDialog({
  merge,
  onClose,
  onMerged,
}: {
  merge: Merge;
  onClose: () => void;
  onMerged: (r: { name: string; moved: number }) => void;
}) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const run = useMutation({
    mutationFn: () =>
      api.POST('/customers/{id}/merge', { params: { path: { id: merge.keep.id } }, body: { mergeId: merge.fold.id } }),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: ['customers'] });
      onMerged({ name: merge.keep.name, moved: Object.values(r.moved).reduce((a, n) => a + n, 0) });
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={t('duplicates.mergeTitle')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          run.mutate();
        }}
      >
        <Stack>
          {run.error && (
            <Alert color="red" role="alert" title={t('app.error')}>
              {errorText(run.error, t, i18n.language)}
            </Alert>
          )}
          <Text size="sm">{t('duplicates.mergeText', { keep: merge.keep.name, fold: merge.fold.name })}</Text>
          <DialogActions onCancel={onClose} loading={run.isPending} label={t('duplicates.merge')} />
        </Stack>
      </form>
    </Modal>
  );
}
