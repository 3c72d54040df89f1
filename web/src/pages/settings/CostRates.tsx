// Cost to serve per interaction channel: per contact and per started minute, in the workspace
// currency. GET/PUT /cost-rates; a channel without a rate costs nothing until one is set, and
// only changed rows are sent (new rates apply to contacts recorded from now on).
import { NumberInput, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type MeDto, type Schemas } from '../../api.ts';
import { fieldErrorsOf, GeneralError } from '../../components/FieldErrors.tsx';
import { SaveRow } from '../../components/FormParts.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';
import { toMajor, toMinor } from '../../lib/money.ts';
import { allowed } from '../../session.ts';

type CostRate = Schemas['CostRate'];
type Channel = CostRate['channel'];
const channelSet: Record<Channel, true> = {
  phone: true,
  email: true,
  sms: true,
  whatsapp: true,
  web: true,
  store_visit: true,
  meeting: true,
  social: true,
};
const channels = Object.keys(channelSet) as Channel[];
type Row = { perContact: number | ''; perMinute: number | '' };

export function CostRates({ me }: { me: MeDto }) {
  const rates = useQuery({ queryKey: ['cost-rates'], queryFn: () => api.GET('/cost-rates').then((r) => r.items) });
  if (rates.isPending) return <Loading />;
  if (rates.isError) return <ErrorState error={rates.error} onRetry={() => rates.refetch()} />;
  return <RatesForm rates={rates.data} editable={allowed(me, 'cost_rates:manage')} />;
}

function RatesForm({ rates, editable }: { rates: CostRate[]; editable: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const qc = useQueryClient();
  const initial = () =>
    Object.fromEntries(
      channels.map((c) => {
        const r = rates.find((x) => x.channel === c);
        return [
          c,
          {
            perContact: r ? toMajor(r.perContactMinor, fmt.currency) : '',
            perMinute: r ? toMajor(r.perMinuteMinor, fmt.currency) : '',
          },
        ];
      }),
    ) as Record<Channel, Row>;
  const [rows, setRows] = useState(initial);
  const [dirty, setDirty] = useState<Set<Channel>>(new Set());
  const save = useMutation({
    mutationFn: () =>
      api.PUT('/cost-rates', {
        body: {
          rates: [...dirty].map((c) => ({
            channel: c,
            perContactMinor: toMinor(Number(rows[c].perContact || 0), fmt.currency),
            perMinuteMinor: toMinor(Number(rows[c].perMinute || 0), fmt.currency),
          })),
        },
      }),
    onSuccess: (saved) => {
      qc.setQueryData(['cost-rates'], saved.items);
      setDirty(new Set());
    },
  });
  const errors = fieldErrorsOf(save.error);
  const change = (c: Channel, key: keyof Row, v: string | number) => {
    setRows((r) => ({ ...r, [c]: { ...r[c], [key]: v === '' ? '' : Number(v) } }));
    setDirty((d) => new Set(d).add(c));
  };
  return (
    <form
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        if (dirty.size) save.mutate();
      }}
      data-testid="cost-rates-form"
    >
      <Stack maw={640}>
        <Text size="sm" c="dimmed">
          {t('settings.costRates.hint', { currency: fmt.currency })}
        </Text>
        {!editable && <Text c="dimmed">{t('settings.noPermission')}</Text>}
        <GeneralError error={save.error} known={['rates']} />
        <Table.ScrollContainer minWidth={420}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('settings.costRates.channel')}</Table.Th>
                <Table.Th>{t('settings.costRates.perContact')}</Table.Th>
                <Table.Th>{t('settings.costRates.perMinute')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {channels.map((c) => (
                <Table.Tr key={c}>
                  <Table.Th>{t(`interactionChannels.${c}`)}</Table.Th>
                  {(['perContact', 'perMinute'] as const).map((key) => (
                    <Table.Td key={key}>
                      <NumberInput
                        size="xs"
                        aria-label={t(`settings.costRates.${key}For`, { channel: t(`interactionChannels.${c}`) })}
                        placeholder={t('settings.costRates.notSet')}
                        min={0}
                        decimalScale={4}
                        allowNegative={false}
                        disabled={!editable}
                        value={rows[c][key]}
                        error={errors[`rates.${[...dirty].indexOf(c)}.${key}Minor`]}
                        onChange={(v) => change(c, key, v)}
                      />
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {editable && (
          <SaveRow
            loading={save.isPending}
            saved={save.isSuccess && dirty.size === 0}
            disabled={dirty.size === 0}
            testId="save-cost-rates"
          />
        )}
      </Stack>
    </form>
  );
}
