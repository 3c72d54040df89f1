// The panels of the customer 360, in display order per column. A panel with `requires` shows
// only when the API has that operation (see capabilities.ts); `allowedFor` hides panels the
// caller's role may not read.
import type { ComponentType } from 'react';
import type { Operation } from '../../capabilities.ts';
import type { Permission } from '../../../../src/http/permissions.ts';
import { ConsentsPanel } from './ConsentsPanel.tsx';
import { ContractsPanel } from './ContractsPanel.tsx';
import { ComplaintsPanel } from './ComplaintsPanel.tsx';
import { ValuePanel } from './laterPanels.tsx';
import { LoyaltyPanel } from './LoyaltyPanel.tsx';
import { ProfilePanel } from './ProfilePanel.tsx';
import { PurchasesPanel } from './PurchasesPanel.tsx';
import { TimelinePanel } from './TimelinePanel.tsx';
import type { PanelProps } from './types.ts';

export type PanelDef = {
  id: string;
  column: 'side' | 'main';
  Component: ComponentType<PanelProps>;
  requires?: Operation;
  allowedFor?: Permission;
};

export const panels: PanelDef[] = [
  { id: 'profile', column: 'side', Component: ProfilePanel },
  { id: 'consents', column: 'side', Component: ConsentsPanel },
  { id: 'loyalty', column: 'side', Component: LoyaltyPanel, requires: 'get /api/v1/customers/{id}/loyalty' },
  { id: 'value', column: 'main', Component: ValuePanel, requires: 'get /api/v1/customers/{id}/value' },
  { id: 'purchases', column: 'main', Component: PurchasesPanel, allowedFor: 'transactions:read' },
  { id: 'complaints', column: 'main', Component: ComplaintsPanel, requires: 'get /api/v1/complaints', allowedFor: 'complaints:read' },
  { id: 'contracts', column: 'main', Component: ContractsPanel, allowedFor: 'contracts:read' },
  { id: 'timeline', column: 'main', Component: TimelinePanel },
];
