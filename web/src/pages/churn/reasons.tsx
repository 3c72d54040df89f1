// The reasons customers who left recorded (the defection register, last 12 months), set beside
// what moves churn: one row per reason, its share overall and in each pyramid tier, and whether
// the business controls it. Reasons show in the screen's language, never as codes.
import { Badge, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { DriversDto } from '../../churn-api.ts';
import { useReasonLabel } from '../defections/reasons.ts';
import { useChurnWords } from './words.ts';

type Share = DriversDto['defectionReasons'][number];
const tierOrder = ['platinum', 'gold', 'iron', 'lead'];

export function DefectionReasonsTable({ shares }: { shares: Share[] }) {
  const { t } = useTranslation();
  const w = useChurnWords();
  const reasonLabel = useReasonLabel();
  const overall = shares.filter((s) => s.segment === 'all').sort((a, b) => b.count - a.count);
  if (overall.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid="churn-reasons-empty">
        {t('churn.reasons.empty')}
      </Text>
    );
  const tiers = tierOrder.filter((tier) => shares.some((s) => s.segment === tier));
  const shareIn = (segment: string, code: string | null) =>
    shares.find((s) => s.segment === segment && s.reasonCode === code)?.share ?? 0;
  return (
    <Table.ScrollContainer minWidth={360}>
      <Table striped data-testid="churn-reasons-table">
        <Table.Caption>{t('churn.reasons.caption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('churn.reasons.reason')}</Table.Th>
            <Table.Th ta="right">{t('churn.reasons.all')}</Table.Th>
            {tiers.map((tier) => (
              <Table.Th key={tier} ta="right">
                {t(`churn.tiers.${tier}`)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {overall.map((r) => (
            <Table.Tr key={r.reasonCode ?? 'pending'}>
              <Table.Td>
                {reasonLabel(r.reasonCode)}{' '}
                {r.controllable !== null && (
                  <Badge size="xs" variant="light" color={r.controllable ? 'teal' : 'gray'}>
                    {t(r.controllable ? 'churn.reasons.controllable' : 'churn.reasons.uncontrollable')}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td ta="right">{w.percent(r.share)}</Table.Td>
              {tiers.map((tier) => (
                <Table.Td key={tier} ta="right">
                  {w.percent(shareIn(tier, r.reasonCode))}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
