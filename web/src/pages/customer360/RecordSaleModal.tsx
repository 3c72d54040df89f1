// "Record a sale" on the customer 360 (POST /transactions): one or more lines, each a product from
// the catalogue (GET /products, active ones, searched by name or SKU), a quantity and, optionally, a
// unit price in the workspace currency's major units (the product's list price when left empty).
import { ActionIcon, Button, Group, Input, Modal, NumberInput, Select, Stack, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Schemas } from '../../api.ts';
import { fieldErrorsOf, GeneralError } from '../../components/FieldErrors.tsx';
import { useFormat } from '../../format.ts';
import { formatMoney, toMinor } from '../../lib/money.ts';
import { localNow } from './LogContactModal.tsx';
import { overviewKey } from './types.ts';

type Line = { productId: string | null; quantity: string | number; price: string | number };
const blank = (): Line => ({ productId: null, quantity: 1, price: '' });

export function RecordSaleModal({ customerId, onClose }: { customerId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const qc = useQueryClient();
  const [search, setSearch] = useState('');
  const [typed] = useDebouncedValue(search, 250);
  const [lines, setLines] = useState<Line[]>([blank()]);
  const [occurredAt, setOccurredAt] = useState(localNow());
  const [channel, setChannel] = useState('');
  const [location, setLocation] = useState('');
  // Known products, so chosen ones stay among the options while a search shows others.
  const [known, setKnown] = useState<Record<string, Schemas['Product']>>({});
  const labelOf = (p: Schemas['Product']) =>
    `${p.name} · ${p.sku} · ${formatMoney(p.listPriceMinor, p.currency, fmt.locale)}`;
  // Picking an option puts its label in the search box: that is not a search.
  const q = Object.values(known).some((p) => labelOf(p) === typed) ? '' : typed.trim();
  const products = useQuery({
    queryKey: ['products', 'pick', q],
    queryFn: () => api.GET('/products', { params: { query: { active: 'true', limit: 50, ...(q ? { q } : {}) } } }),
  });
  const options = { ...known };
  for (const p of products.data?.items ?? []) options[p.id] = p;
  const data = Object.values(options).map((p) => ({ value: p.id, label: labelOf(p) }));
  const save = useMutation({
    mutationFn: (body: Schemas['CreateTransaction']) => api.POST('/transactions', { body }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: overviewKey(customerId) });
      onClose();
    },
  });
  const errors = fieldErrorsOf(save.error);
  const setLine = (i: number, patch: Partial<Line>) =>
    setLines((ls) => ls.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const submit = () =>
    save.mutate({
      customerId,
      occurredAt: new Date(occurredAt).toISOString(),
      ...(channel.trim() ? { channel: channel.trim() } : {}),
      ...(location.trim() ? { location: location.trim() } : {}),
      lines: lines
        .filter((l) => l.productId)
        .map((l) => ({
          productId: l.productId as string,
          quantity: String(l.quantity),
          ...(l.price === '' ? {} : { unitPriceMinor: toMinor(Number(l.price), fmt.currency) }),
        })),
    });
  return (
    <Modal opened onClose={onClose} size="lg" title={t('saleForm.title')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack>
          <GeneralError error={save.error} known={['occurredAt', 'channel', 'location', 'lines']} />
          {lines.map((l, i) => (
            <Group key={i} align="flex-end" wrap="nowrap" gap="xs" data-testid="sale-line">
              <Select
                style={{ flex: 3 }}
                label={t('saleForm.product')}
                placeholder={t('saleForm.search')}
                searchable
                onSearchChange={setSearch}
                data={data}
                value={l.productId}
                onChange={(v) => {
                  if (v && options[v]) setKnown((k) => ({ ...k, [v]: options[v] as Schemas['Product'] }));
                  setLine(i, { productId: v });
                }}
                nothingFoundMessage={t('saleForm.noProducts')}
                required={i === 0}
              />
              <NumberInput
                style={{ flex: 1 }}
                label={t('saleForm.quantity')}
                min={0.001}
                decimalScale={3}
                value={l.quantity}
                onChange={(v) => setLine(i, { quantity: v })}
                required
              />
              <NumberInput
                style={{ flex: 1.5 }}
                label={t('saleForm.unitPrice', { currency: fmt.currency })}
                placeholder={t('saleForm.listPrice')}
                min={0}
                decimalScale={3}
                value={l.price}
                onChange={(v) => setLine(i, { price: v })}
              />
              <ActionIcon
                variant="subtle"
                color="red"
                mb={4}
                disabled={lines.length === 1}
                onClick={() => setLines((ls) => ls.filter((_, j) => j !== i))}
                aria-label={t('saleForm.removeLine')}
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
          ))}
          {errors.lines && <Input.Error>{errors.lines}</Input.Error>}
          <Group>
            <Button
              variant="subtle"
              size="xs"
              leftSection={<IconPlus size={14} />}
              onClick={() => setLines((ls) => [...ls, blank()])}
            >
              {t('saleForm.addLine')}
            </Button>
          </Group>
          <Group grow>
            <TextInput
              type="datetime-local"
              label={t('saleForm.when')}
              value={occurredAt}
              onChange={(e) => setOccurredAt(e.currentTarget.value)}
              error={errors.occurredAt}
              required
            />
            <TextInput
              label={t('saleForm.channel')}
              value={channel}
              maxLength={60}
              onChange={(e) => setChannel(e.currentTarget.value)}
              error={errors.channel}
            />
            <TextInput
              label={t('saleForm.location')}
              value={location}
              maxLength={120}
              onChange={(e) => setLocation(e.currentTarget.value)}
              error={errors.location}
            />
          </Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('saleForm.cancel')}
            </Button>
            <Button
              type="submit"
              loading={save.isPending}
              disabled={!lines.some((l) => l.productId)}
              data-testid="sale-save"
            >
              {t('saleForm.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
