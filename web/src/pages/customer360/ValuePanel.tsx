// The 360's Value panel: the frame around ValueContent (GET /customers/{id}/value).
import { IconChartBar } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Panel } from '../../components/Panel.tsx';
import type { PanelProps } from './types.ts';
import { ValueContent } from './ValueContent.tsx';

/** Current and potential value, share of wallet, CLV, P(alive), RFM segment and tier, with their explanations. */
export function ValuePanel({ me, overview }: PanelProps) {
  const { t } = useTranslation();
  return (
    <Panel title={t('panels.value')} icon={<IconChartBar size={20} />} testId="value-panel">
      <ValueContent me={me} customerId={overview.customer.id} />
    </Panel>
  );
}
