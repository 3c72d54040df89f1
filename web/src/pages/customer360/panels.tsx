// The panels of the customer 360, in display order per column; `allowedFor` hides panels the
// caller's role may not read (the permission of the endpoint behind the panel).
import type { ComponentType } from 'react';
import type { Permission } from '../../../../src/http/permissions.ts';
import { BondsPanel } from './BondsPanel.tsx';
import { ChurnPanel } from './ChurnPanel.tsx';
import { ConsentsPanel } from './ConsentsPanel.tsx';
import { ContractsPanel } from './ContractsPanel.tsx';
import { DefectionsPanel } from './DefectionsPanel.tsx';
import { FeedbackPanel } from './FeedbackPanel.tsx';
import { ComplaintsPanel } from './ComplaintsPanel.tsx';
import { LoyaltyPanel } from './LoyaltyPanel.tsx';
import { OffersPanel } from './OffersPanel.tsx';
import { ProfilePanel } from './ProfilePanel.tsx';
import { PurchasesPanel } from './PurchasesPanel.tsx';
import { TimelinePanel } from './TimelinePanel.tsx';
import { ValuePanel } from './ValuePanel.tsx';
import type { PanelProps } from './types.ts';

export type PanelDef = {
  id: string;
  column: 'side' | 'main';
  Component: ComponentType<PanelProps>;
  allowedFor?: Permission;
};

export const panels: PanelDef[] = [
  { id: 'profile', column: 'side', Component: ProfilePanel },
  { id: 'consents', column: 'side', Component: ConsentsPanel },
  { id: 'loyalty', column: 'side', Component: LoyaltyPanel, allowedFor: 'loyalty:read' },
  { id: 'value', column: 'main', Component: ValuePanel, allowedFor: 'analytics:customer' },
  { id: 'churn', column: 'main', Component: ChurnPanel, allowedFor: 'churn:customer' },
  { id: 'bonds', column: 'main', Component: BondsPanel, allowedFor: 'customers:read' },
  { id: 'offers', column: 'main', Component: OffersPanel, allowedFor: 'affinity:customer' },
  { id: 'purchases', column: 'main', Component: PurchasesPanel, allowedFor: 'transactions:read' },
  { id: 'complaints', column: 'main', Component: ComplaintsPanel, allowedFor: 'complaints:read' },
  { id: 'contracts', column: 'main', Component: ContractsPanel, allowedFor: 'contracts:read' },
  { id: 'defections', column: 'main', Component: DefectionsPanel, allowedFor: 'defections:read' },
  { id: 'feedback', column: 'main', Component: FeedbackPanel, allowedFor: 'feedback:read' },
  { id: 'timeline', column: 'main', Component: TimelinePanel },
];
