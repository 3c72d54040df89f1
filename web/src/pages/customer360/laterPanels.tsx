// Slots for the 360 panels that later work fills. Each is listed in panels.tsx with the API
// operation it reads, and is rendered only once the server's OpenAPI document has that
// operation — until then nothing shows. To fill one: build its content here (or in its own
// file), and set `requires` in panels.tsx to the real endpoint.
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
