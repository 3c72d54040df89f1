// Owns how the codes the server sends (complaint categories, root causes, acquisition channels,
// event types, statuses, sources…) become words on screen: one lookup per kind of code in the
// locale files, and, for a code no locale file knows (a category or source a workspace made up),
// the code itself made readable. No screen shows a raw code.
import type { TFunction } from 'i18next';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

/** Where each kind of code has its labels in the locale files. */
const prefixes = {
  acquisitionChannel: 'codes.acquisitionChannel',
  complaintCategory: 'codes.complaintCategory',
  complaintSource: 'codes.complaintSource',
  complaintStatus: 'complaintStatus',
  consentChannel: 'channels',
  consentSource: 'codes.consentSource',
  defectionSource: 'defections.source',
  direction: 'directions',
  eventType: 'codes.eventType',
  interactionChannel: 'interactionChannels',
  interactionType: 'codes.interactionType',
  notificationStatus: 'codes.notificationStatus',
  notificationTemplate: 'codes.notificationTemplate',
  offerChannel: 'affinity.events.channels',
  offerOutcome: 'affinity.events.outcomes',
  productCategory: 'codes.productCategory',
  purpose: 'purposes',
  rootCause: 'codes.rootCause',
  tier: 'analytics.tiers',
} as const;

export type CodeKind = keyof typeof prefixes;

/**
 * A code as words when no locale file has it: a machine-looking code ("late_delivery",
 * "customer.tier_changed") becomes "Late delivery", "Customer tier changed"; anything a person
 * typed (capitals, spaces, accents) stays exactly as typed.
 */
export function humanize(code: string): string {
  if (!/^[a-z0-9]+([._-][a-z0-9]+)*$/.test(code)) return code;
  const words = code.replace(/[._-]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The label of a code in the screen's language; '' for no code. */
export function labelOf(t: TFunction, kind: CodeKind, code: string | null | undefined): string {
  if (code === null || code === undefined || code === '') return '';
  // A code is data: a ':' in it is not an i18next namespace.
  return t(`${prefixes[kind]}.${code}`, { defaultValue: humanize(code), nsSeparator: false }) as string;
}

/** `label(kind, code)` for components. */
export function useLabel(): (kind: CodeKind, code: string | null | undefined) => string {
  const { t } = useTranslation();
  return useCallback((kind: CodeKind, code: string | null | undefined) => labelOf(t, kind, code), [t]);
}
