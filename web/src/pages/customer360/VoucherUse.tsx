// Using a voucher at the counter, from the customer 360's loyalty panel (vouchers:consume): type the
// code, see its reward and state (GET /vouchers/{code}), and mark it used with the order or receipt
// number (POST /vouchers/{code}/consume). A code of another customer is shown as such.
import { Alert, Badge, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { ErrorState } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';
import { overviewKey } from './types.ts';

const statusColor = { issued: 'teal', consumed: 'gray', expired: 'red' } as const;

export function VoucherUse({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const qc = useQueryClient();
  const [typed, setTyped] = useState('');
  const [code, setCode] = useState('');
  const [reference, setReference] = useState('');
  const voucher = useQuery({
    queryKey: ['voucher', code],
    queryFn: () => api.GET('/vouchers/{code}', { params: { path: { code } } }),
    enabled: code !== '',
    retry: false,
  });
  const use = useMutation({
    mutationFn: () =>
      api.POST('/vouchers/{code}/consume', {
        params: { path: { code } },
        body: reference.trim() ? { reference: reference.trim() } : {},
      }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['voucher', code] });
      await qc.invalidateQueries({ queryKey: overviewKey(customerId) });
    },
  });
  const v = voucher.data;
  return (
    <Stack gap="xs" data-testid="voucher-use">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          use.reset();
          setCode(typed.trim());
        }}
      >
        <Group gap="xs" align="flex-end" wrap="nowrap">
          <TextInput
            style={{ flex: 1 }}
            size="xs"
            label={t('voucherUse.code')}
            value={typed}
            maxLength={64}
            onChange={(e) => setTyped(e.currentTarget.value)}
            data-testid="voucher-input"
          />
          <Button size="xs" variant="default" type="submit" loading={voucher.isFetching}>
            {t('voucherUse.check')}
          </Button>
        </Group>
      </form>
      {voucher.isError && <ErrorState error={voucher.error} />}
      {v && (
        <Stack gap={4}>
          <Group gap="xs">
            <Text size="sm" fw={600}>
              {v.reward.name}
            </Text>
            <Badge size="sm" variant="light" color={statusColor[v.status]}>
              {t(`voucherUse.status.${v.status}`)}
            </Badge>
          </Group>
          <Text size="xs" c="dimmed">
            {v.consumedAt
              ? t('voucherUse.usedOn', { date: fmt.dateTime(v.consumedAt) })
              : t('voucherUse.expiresOn', { date: fmt.date(v.expiresAt) })}
          </Text>
          {v.customerId !== customerId && (
            <Alert color="orange" p="xs">
              {t('voucherUse.otherCustomer')}
            </Alert>
          )}
          {v.status === 'issued' && (
            <Group gap="xs" align="flex-end" wrap="nowrap">
              <TextInput
                style={{ flex: 1 }}
                size="xs"
                label={t('voucherUse.reference')}
                value={reference}
                maxLength={200}
                onChange={(e) => setReference(e.currentTarget.value)}
              />
              <Button size="xs" loading={use.isPending} onClick={() => use.mutate()} data-testid="voucher-consume">
                {t('voucherUse.use')}
              </Button>
            </Group>
          )}
          {use.isError && <ErrorState error={use.error} />}
        </Stack>
      )}
    </Stack>
  );
}
