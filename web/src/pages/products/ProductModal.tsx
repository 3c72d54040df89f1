// Add or change a catalogue product (POST /products, PATCH /products/{id}). Prices are typed in the
// workspace currency's major units and sent in minor units; the SKU is fixed once created.
import { Button, Group, Modal, NumberInput, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Schemas } from '../../api.ts';
import { fieldErrorsOf, GeneralError } from '../../components/FieldErrors.tsx';
import { useFormat } from '../../format.ts';
import { toMajor, toMinor } from '../../lib/money.ts';

type Product = Schemas['Product'];

export function ProductModal({ product, onClose }: { product: Product | null; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const qc = useQueryClient();
  const currency = product?.currency ?? fmt.currency;
  const [sku, setSku] = useState(product?.sku ?? '');
  const [name, setName] = useState(product?.name ?? '');
  const [category, setCategory] = useState(product?.category ?? '');
  const [price, setPrice] = useState<string | number>(product ? toMajor(product.listPriceMinor, currency) : '');
  const [cost, setCost] = useState<string | number>(product ? toMajor(product.unitCostMinor, currency) : '');
  const save = useMutation({
    mutationFn: () => {
      const common = {
        name: name.trim(),
        listPriceMinor: toMinor(Number(price), currency),
        ...(cost === '' ? {} : { unitCostMinor: toMinor(Number(cost), currency) }),
      };
      return product
        ? api.PATCH('/products/{id}', {
            params: { path: { id: product.id } },
            body: { ...common, category: category.trim() || null },
          })
        : api.POST('/products', {
            body: { ...common, sku: sku.trim(), ...(category.trim() ? { category: category.trim() } : {}) },
          });
    },
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['products'] });
      onClose();
    },
  });
  const errors = fieldErrorsOf(save.error);
  return (
    <Modal opened onClose={onClose} title={t(product ? 'products.editTitle' : 'products.addTitle')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack>
          <GeneralError error={save.error} known={['sku', 'name', 'category', 'listPriceMinor', 'unitCostMinor']} />
          <TextInput
            label={t('products.sku')}
            value={sku}
            maxLength={100}
            onChange={(e) => setSku(e.currentTarget.value)}
            error={errors.sku}
            disabled={!!product}
            required
            data-testid="product-sku"
          />
          <TextInput
            label={t('products.name')}
            value={name}
            maxLength={200}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.name}
            required
            data-testid="product-name"
          />
          <TextInput
            label={t('products.category')}
            value={category}
            maxLength={100}
            onChange={(e) => setCategory(e.currentTarget.value)}
            error={errors.category}
          />
          <Group grow>
            <NumberInput
              label={t('products.listPrice', { currency })}
              min={0}
              decimalScale={3}
              value={price}
              onChange={setPrice}
              error={errors.listPriceMinor}
              required
              data-testid="product-price"
            />
            <NumberInput
              label={t('products.unitCost', { currency })}
              min={0}
              decimalScale={3}
              value={cost}
              onChange={setCost}
              error={errors.unitCostMinor}
            />
          </Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('products.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="product-save">
              {t('products.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
