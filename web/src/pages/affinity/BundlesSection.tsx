// /affinity's bundles: the products bought together more than chance says (suggestions, with lift
// and the extra margin per order), a form to define one at a price (showing the discount against
// the list price), and the defined bundles with their adoption and the margin of buyers vs others.
import { Button, Group, Modal, MultiSelect, NumberInput, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconPackages } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type BundleDto,
  type BundleSuggestionDto,
  useArchiveBundle,
  useBundleSuggestions,
  useBundles,
  useDefineBundle,
} from '../../affinity-api.ts';
import type { MeDto } from '../../api.ts';
import { fieldErrorsOf, GeneralError } from '../../components/FieldErrors.tsx';
import { Panel } from '../../components/Panel.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';
import { currencyDigits, toMajor, toMinor } from '../../lib/money.ts';
import { allowed } from '../../session.ts';
import { useAffinityWords } from './words.ts';

type Product = BundleSuggestionDto['products'][number];

export function BundlesSection({ me }: { me: MeDto }) {
  const { t } = useTranslation();
  const canWrite = allowed(me, 'affinity:write');
  const [defining, setDefining] = useState<Product[] | null>(null);
  return (
    <Panel title={t('affinity.bundles.title')} icon={<IconPackages size={20} />} testId="affinity-bundles">
      <Stack gap="md">
        <Text size="sm">{t('affinity.bundles.hint')}</Text>
        <Suggestions canWrite={canWrite} onDefine={setDefining} />
        <DefinedBundles canWrite={canWrite} />
      </Stack>
      <Modal opened={defining !== null} onClose={() => setDefining(null)} title={t('affinity.bundles.define')}>
        {defining && <DefineBundle products={defining} onDone={() => setDefining(null)} />}
      </Modal>
    </Panel>
  );
}

function Suggestions({ canWrite, onDefine }: { canWrite: boolean; onDefine: (p: Product[]) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const w = useAffinityWords();
  const query = useBundleSuggestions();
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  if (query.data.items.length === 0)
    return (
      <Text c="dimmed" size="sm">
        {query.data.runId ? t('affinity.bundles.noSuggestions') : t('affinity.noRun.body')}
      </Text>
    );
  return (
    <Table striped data-testid="bundle-suggestions">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('affinity.bundles.products')}</Table.Th>
          <Table.Th ta="right">{t('affinity.rules.count')}</Table.Th>
          <Table.Th ta="right">{t('affinity.rules.lift')}</Table.Th>
          <Table.Th ta="right">{t('affinity.bundles.extraMargin')}</Table.Th>
          {canWrite && <Table.Th />}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {query.data.items.map((s) => (
          <Table.Tr key={s.products.map((p) => p.id).join()}>
            <Table.Td>{s.products.map((p) => p.name).join(' + ')}</Table.Td>
            <Table.Td ta="right">{fmt.number(s.count)}</Table.Td>
            <Table.Td ta="right">{w.ratio(s.lift)}</Table.Td>
            <Table.Td ta="right">{fmt.money(Math.round(s.valueMinor))}</Table.Td>
            {canWrite && (
              <Table.Td ta="right">
                <Button size="xs" variant="light" onClick={() => onDefine(s.products)}>
                  {t('affinity.bundles.define')}
                </Button>
              </Table.Td>
            )}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function DefineBundle({ products, onDone }: { products: Product[]; onDone: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const define = useDefineBundle();
  const errors = fieldErrorsOf(define.error);
  const [name, setName] = useState(products.map((p) => p.name).join(' + '));
  const [chosen, setChosen] = useState(products.map((p) => p.id));
  const listTotal = products.filter((p) => chosen.includes(p.id)).reduce((sum, p) => sum + p.listPriceMinor, 0);
  const [price, setPrice] = useState<number>(toMajor(Math.round(listTotal * 0.9), fmt.currency));
  const priceMinor = toMinor(price, fmt.currency);
  const discount = listTotal - priceMinor;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    define.mutate({ name, productIds: chosen, priceMinor }, { onSuccess: onDone });
  };
  return (
    <form onSubmit={submit} noValidate data-testid="define-bundle">
      <Stack gap="sm">
        <GeneralError error={define.error} known={['name', 'productIds', 'priceMinor']} />
        <TextInput
          label={t('affinity.bundles.name')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errors.name}
          required
        />
        <MultiSelect
          label={t('affinity.bundles.products')}
          data={products.map((p) => ({ value: p.id, label: `${p.name} (${fmt.money(p.listPriceMinor)})` }))}
          value={chosen}
          onChange={setChosen}
          error={errors.productIds}
        />
        <NumberInput
          label={t('affinity.bundles.price')}
          min={0}
          decimalScale={currencyDigits(fmt.currency)}
          value={price}
          onChange={(v) => setPrice(typeof v === 'number' ? v : 0)}
          error={errors.priceMinor}
        />
        <Text size="sm" data-testid="bundle-discount">
          {t('affinity.bundles.discount', {
            list: fmt.money(listTotal),
            discount: fmt.money(discount),
            percent: fmt.percent(listTotal > 0 ? discount / listTotal : 0),
          })}
        </Text>
        <Group justify="flex-end">
          <Button type="submit" loading={define.isPending} disabled={chosen.length < 2}>
            {t('affinity.bundles.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function DefinedBundles({ canWrite }: { canWrite: boolean }) {
  const { t } = useTranslation();
  const query = useBundles();
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  if (query.data.length === 0)
    return (
      <Text c="dimmed" size="sm">
        {t('affinity.bundles.noneDefined')}
      </Text>
    );
  return (
    <Table striped data-testid="affinity-bundle-list">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('affinity.bundles.name')}</Table.Th>
          <Table.Th ta="right">{t('affinity.bundles.price')}</Table.Th>
          <Table.Th ta="right">{t('affinity.bundles.discountColumn')}</Table.Th>
          <Table.Th ta="right">{t('affinity.bundles.adoption')}</Table.Th>
          <Table.Th ta="right">{t('affinity.bundles.buyerMargin')}</Table.Th>
          <Table.Th ta="right">{t('affinity.bundles.otherMargin')}</Table.Th>
          {canWrite && <Table.Th />}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {query.data.map((b) => (
          <BundleRow key={b.id} bundle={b} canWrite={canWrite} />
        ))}
      </Table.Tbody>
    </Table>
  );
}

function BundleRow({ bundle: b, canWrite }: { bundle: BundleDto; canWrite: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const archive = useArchiveBundle();
  const money = (v: number | null) => (v === null ? '—' : fmt.money(Math.round(v)));
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm">{b.name}</Text>
        <Text size="xs" c="dimmed">
          {b.products.map((p) => p.name).join(' + ')}
        </Text>
      </Table.Td>
      <Table.Td ta="right">{fmt.money(b.priceMinor)}</Table.Td>
      <Table.Td ta="right">
        {fmt.money(b.discountMinor)} ({fmt.percent(b.listTotalMinor > 0 ? b.discountMinor / b.listTotalMinor : 0)})
      </Table.Td>
      <Table.Td ta="right">
        {t('affinity.bundles.adopted', {
          buyers: fmt.number(b.adoption.buyers),
          customers: fmt.number(b.adoption.customers),
          share: fmt.percent(b.adoption.share),
        })}
      </Table.Td>
      <Table.Td ta="right">{money(b.adoption.buyerMarginMinor)}</Table.Td>
      <Table.Td ta="right">{money(b.adoption.otherMarginMinor)}</Table.Td>
      {canWrite && (
        <Table.Td ta="right">
          <Button
            size="xs"
            variant="subtle"
            color="red"
            loading={archive.isPending}
            onClick={() => archive.mutate(b.id)}
          >
            {t('affinity.bundles.archive')}
          </Button>
        </Table.Td>
      )}
    </Table.Tr>
  );
}
