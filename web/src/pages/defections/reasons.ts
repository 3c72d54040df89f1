// The workspace's defection reasons, shared by the customer 360, the timeline and the settings:
// a reason shows in the screen's language (else English), never as its code.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Schemas } from '../../api.ts';

export type ReasonDto = Schemas['DefectionReason'];
export const reasonsKey = ['defection-reasons'] as const;

export function useDefectionReasons() {
  return useQuery({ queryKey: reasonsKey, queryFn: () => api.GET('/defection-reasons') });
}

type Labels = ReasonDto['labels'];
export const labelIn = (labels: Labels, lang: string): string | undefined =>
  labels[lang as keyof Labels] ?? labels.en ?? undefined;

/** The label of a reason code, in the screen's language; a pending reason has its own words. */
export function useReasonLabel() {
  const { t, i18n } = useTranslation();
  const reasons = useDefectionReasons();
  return (code: string | null | undefined): string => {
    if (!code) return t('defections.reasonPending');
    const reason = reasons.data?.items.find((r) => r.code === code);
    return (reason && labelIn(reason.labels, i18n.language)) ?? t('defections.reasonPending');
  };
}
