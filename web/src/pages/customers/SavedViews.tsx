// Saved views of the customers list: apply one, save the current filters as a new one, update,
// rename or delete it. Each person's views are their own (GET/POST/PATCH/DELETE /saved-views).
import { Badge, Button, Group, Menu, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconBookmark, IconBookmarkPlus, IconDeviceFloppy, IconPencil, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, type SavedViewDto } from '../../api.ts';
import { errorText, rowErrorText } from '../../problemText.ts';
import { type CustomerFilters, normalize, sameFilters } from './filters.ts';

const key = ['saved-views', 'customers'];

export function useSavedViews() {
  return useQuery({
    queryKey: key,
    queryFn: () => api.GET('/saved-views', { params: { query: { list: 'customers' } } }),
    staleTime: 60_000,
  });
}

type Props = {
  filters: CustomerFilters;
  activeId: string | null;
  /** Opens a view: its filters replace the current ones. */
  onApply: (view: SavedViewDto | null) => void;
};

export function SavedViews({ filters, activeId, onApply }: Props) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const views = useSavedViews();
  const [naming, setNaming] = useState<'new' | 'rename' | null>(null);
  const active = views.data?.items.find((v) => v.id === activeId) ?? null;
  const modified = active ? !sameFilters(active.filters, filters) : false;
  const refresh = () => qc.invalidateQueries({ queryKey: key });
  const update = useMutation({
    mutationFn: (v: { id: string; body: { name?: string; filters?: CustomerFilters } }) =>
      api.PATCH('/saved-views/{id}', { params: { path: { id: v.id } }, body: v.body }),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.DELETE('/saved-views/{id}', { params: { path: { id } } }),
    onSuccess: () => {
      onApply(null);
      return refresh();
    },
  });

  return (
    <Group gap="xs" wrap="nowrap">
      <Menu position="bottom-end" withinPortal shadow="md" width={260}>
        <Menu.Target>
          <Button variant="default" leftSection={<IconBookmark size={16} />} data-testid="saved-views">
            {active ? active.name : t('views.title')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{t('views.mine')}</Menu.Label>
          {views.isError && <Menu.Item disabled>{errorText(views.error, t, i18n.language)}</Menu.Item>}
          {views.data?.items.length === 0 && (
            <Text size="xs" c="dimmed" px="sm" py={4}>
              {t('views.none')}
            </Text>
          )}
          {views.data?.items.map((v) => (
            <Menu.Item key={v.id} onClick={() => onApply(v)} fw={v.id === activeId ? 700 : undefined}>
              {v.name}
            </Menu.Item>
          ))}
          <Menu.Divider />
          <Menu.Item leftSection={<IconBookmarkPlus size={16} />} onClick={() => setNaming('new')}>
            {t('views.saveAs')}
          </Menu.Item>
          {active && (
            <>
              {modified && (
                <Menu.Item
                  leftSection={<IconDeviceFloppy size={16} />}
                  onClick={() => update.mutate({ id: active.id, body: { filters: normalize(filters) } })}
                >
                  {t('views.update', { name: active.name })}
                </Menu.Item>
              )}
              <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => setNaming('rename')}>
                {t('views.rename')}
              </Menu.Item>
              <Menu.Item
                color="red"
                leftSection={<IconTrash size={16} />}
                onClick={() =>
                  window.confirm(t('views.deleteConfirm', { name: active.name })) && remove.mutate(active.id)
                }
              >
                {t('views.delete')}
              </Menu.Item>
            </>
          )}
        </Menu.Dropdown>
      </Menu>
      {modified && (
        <Badge variant="light" color="yellow" visibleFrom="xs">
          {t('views.modified')}
        </Badge>
      )}
      <NameModal
        key={naming ?? 'closed'}
        mode={naming}
        initial={naming === 'rename' ? (active?.name ?? '') : ''}
        onClose={() => setNaming(null)}
        onSubmit={async (name) => {
          if (naming === 'rename' && active) {
            await update.mutateAsync({ id: active.id, body: { name } });
            return;
          }
          const created = await api.POST('/saved-views', {
            body: { list: 'customers', name, filters: normalize(filters) },
          });
          await refresh();
          onApply(created);
        }}
      />
    </Group>
  );
}

function NameModal({
  mode,
  initial,
  onClose,
  onSubmit,
}: {
  mode: 'new' | 'rename' | null;
  initial: string;
  onClose: () => void;
  onSubmit: (name: string) => Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const [name, setName] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, { open: start, close: stop }] = useDisclosure(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setError(t('validation.required'));
    start();
    try {
      await onSubmit(name.trim());
      onClose();
    } catch (err) {
      const problem = err instanceof ApiError ? err.problem : undefined;
      setError(
        problem?.code === 'conflict'
          ? t('views.duplicate')
          : problem?.errors?.[0]
            ? rowErrorText(t, problem.errors[0])
            : errorText(err as Error, t, i18n.language),
      );
    } finally {
      stop();
    }
  };
  return (
    <Modal opened={mode !== null} onClose={onClose} title={mode === 'rename' ? t('views.rename') : t('views.saveAs')}>
      <form onSubmit={submit}>
        <Stack>
          <TextInput
            label={t('views.name')}
            data-autofocus
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={error}
            maxLength={80}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('settings.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('settings.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
