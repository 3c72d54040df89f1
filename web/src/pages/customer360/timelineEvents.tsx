// How each kind of timeline event looks: an icon, a colour, a sentence and details, in the
// screen's language. A domain that adds timeline events (complaints, loyalty, campaigns) adds
// its renderers here; an unknown type still shows, titled by its label (never the server's
// English summary or the raw type).
import {
  IconAlertTriangle,
  IconArrowsJoin,
  IconAward,
  IconBrandWhatsapp,
  IconBuildingStore,
  IconCalendarRepeat,
  IconPyramid,
  IconDoorExit,
  IconHeartHandshake,
  IconHourglassLow,
  IconFileCertificate,
  IconFileX,
  IconMail,
  IconMessage,
  IconMessageHeart,
  IconMoodSmile,
  IconPhone,
  IconPoint,
  IconReceiptRefund,
  IconSend,
  IconShare,
  IconShieldCheck,
  IconShieldX,
  IconShoppingBag,
  IconUserPlus,
  IconUsersGroup,
  IconWorld,
} from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import type { TimelineEvent } from '../../api.ts';
import type { Format } from '../../format.ts';
import { labelOf } from '../../labels.ts';
import { formatMoney } from '../../lib/money.ts';

export type RenderedEvent = { icon: ReactNode; color: string; title: string; details: string[] };
type Renderer = (e: TimelineEvent, t: TFunction, fmt: Format) => RenderedEvent;

const size = 14;
const channelIcons: Record<string, ReactNode> = {
  phone: <IconPhone size={size} />,
  email: <IconMail size={size} />,
  sms: <IconMessage size={size} />,
  whatsapp: <IconBrandWhatsapp size={size} />,
  web: <IconWorld size={size} />,
  store_visit: <IconBuildingStore size={size} />,
  meeting: <IconUsersGroup size={size} />,
  social: <IconShare size={size} />,
};

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' ? v : 0);
const moneyOf = (e: TimelineEvent, key: string, fmt: Format) =>
  formatMoney(num(e.data[key]), str(e.data.currency) ?? fmt.currency, fmt.locale);
const contractAmount = (e: TimelineEvent, t: TFunction, fmt: Format) =>
  t('contracts.perMonth', { amount: moneyOf(e, 'monthlyValueMinor', fmt) });

/** A defection reason as the event carries it: labels per language (never the code). */
const reasonOf = (e: TimelineEvent, t: TFunction, fmt: Format) => {
  const labels = (e.data.reasonLabels ?? {}) as Record<string, string>;
  return labels[fmt.locale] ?? labels.en ?? t('defections.reasonPending');
};

export const eventRenderers: Record<string, Renderer> = {
  'customer.defected': (e, t, fmt) => ({
    icon: <IconDoorExit size={size} />,
    color: 'red',
    title: t('timelineDefections.defected', { reason: reasonOf(e, t, fmt) }),
    details: str(e.data.source) ? [t(`defections.source.${str(e.data.source)}`)] : [],
  }),
  'customer.reactivated': (_e, t) => ({
    icon: <IconHeartHandshake size={size} />,
    color: 'teal',
    title: t('timelineDefections.reactivated'),
    details: [],
  }),
  'customer.lapsed': (e, t, fmt) => ({
    icon: <IconHourglassLow size={size} />,
    color: 'orange',
    title: t('timelineDefections.lapsed', {
      percent: fmt.percent(num(e.data.pAlive), 0),
    }),
    details: [],
  }),
  'customer.exit_survey_answered': (e, t, fmt) => ({
    icon: <IconDoorExit size={size} />,
    color: 'grape',
    title: t('timelineDefections.surveyAnswered', { reason: reasonOf(e, t, fmt) }),
    details: [],
  }),
  'survey.answered': (e, t) => ({
    icon: <IconMoodSmile size={size} />,
    color: num(e.data.score) <= (str(e.data.kind) === 'nps' ? 6 : 2) ? 'red' : 'teal',
    title: t('timelineSurveys.answered', { kind: t(`surveys.kind.${str(e.data.kind)}`), score: num(e.data.score) }),
    details: [],
  }),
  'feedback.recorded': (e, t) => ({
    icon: <IconMessageHeart size={size} />,
    color: str(e.data.kind) === 'compliment' ? 'teal' : 'blue',
    title: t(`feedback.kinds.${str(e.data.kind)}`),
    details: e.data.intentToLeave === true ? [t('feedback.intentToLeave')] : [],
  }),
  'customer.created': (e, t) => ({
    icon: <IconUserPlus size={size} />,
    color: 'teal',
    title: t('timeline.created'),
    details: str(e.data.acquisitionChannel)
      ? [t('timeline.via', { channel: labelOf(t, 'acquisitionChannel', str(e.data.acquisitionChannel)) })]
      : [],
  }),
  'customer.merged': (e, t) => ({
    icon: <IconArrowsJoin size={size} />,
    color: 'grape',
    title: t('timeline.merged', { name: e.title }),
    details: [],
  }),
  'consent.changed': (e, t) => {
    const args = { channel: t(`channels.${str(e.data.channel)}`), purpose: t(`purposes.${str(e.data.purpose)}`) };
    const granted = e.data.granted === true;
    return {
      icon: granted ? <IconShieldCheck size={size} /> : <IconShieldX size={size} />,
      color: granted ? 'teal' : 'red',
      title: granted ? t('timeline.consentGranted', args) : t('timeline.consentWithdrawn', args),
      details: str(e.data.source)
        ? [t('timeline.source', { source: labelOf(t, 'consentSource', str(e.data.source)) })]
        : [],
    };
  },
  'transaction.purchased': (e, t, fmt) => ({
    icon: <IconShoppingBag size={size} />,
    color: 'blue',
    title: t('timeline.purchase', { amount: moneyOf(e, 'totalMinor', fmt) }),
    details: [t('purchases.items', { count: num(e.data.itemCount) }), t('timeline.order', { ref: e.title })],
  }),
  'transaction.returned': (e, t, fmt) => ({
    icon: <IconReceiptRefund size={size} />,
    color: 'orange',
    title: t('timeline.return', {
      amount: formatMoney(-num(e.data.totalMinor), str(e.data.currency) ?? fmt.currency, fmt.locale),
    }),
    details: [t('timeline.order', { ref: e.title })],
  }),
  interaction: (e, t, fmt) => {
    const channel = str(e.data.channel) ?? '';
    const seconds = num(e.data.durationSeconds);
    const cost = num(e.data.costMinor);
    return {
      icon: channelIcons[channel] ?? <IconMessage size={size} />,
      color: 'violet',
      title: t('timeline.interaction', {
        channel: t(`interactionChannels.${channel}`, { defaultValue: channel }),
        direction: t(`directions.${str(e.data.direction)}`),
        type: labelOf(t, 'interactionType', str(e.data.type)),
      }),
      details: [
        str(e.data.summary),
        seconds ? t('timeline.duration', { minutes: fmt.number(Math.ceil(seconds / 60)) }) : undefined,
        cost ? t('timeline.cost', { amount: moneyOf(e, 'costMinor', fmt) }) : undefined,
      ].filter((d): d is string => Boolean(d)),
    };
  },
  'contract.started': (e, t, fmt) => ({
    icon: <IconFileCertificate size={size} />,
    color: 'cyan',
    title: t('timeline.contractStarted', { plan: e.title }),
    details: [contractAmount(e, t, fmt)],
  }),
  'contract.cancelled': (e, t, fmt) => ({
    icon: <IconFileX size={size} />,
    color: 'red',
    title: t('timeline.contractCancelled', { plan: e.title }),
    details: [
      contractAmount(e, t, fmt),
      str(e.data.reason) ? t('contracts.reason', { reason: e.data.reason }) : undefined,
    ].filter((d): d is string => Boolean(d)),
  }),
  'customer.tier_changed': (e, t) => {
    const to = labelOf(t, 'tier', str(e.data.to));
    return {
      icon: <IconPyramid size={size} />,
      color: 'indigo',
      title: str(e.data.from)
        ? t('timeline.tierChanged', { from: labelOf(t, 'tier', str(e.data.from)), to })
        : t('timeline.tierSet', { to }),
      details: [],
    };
  },
  notification: (e, t) => ({
    icon: <IconSend size={size} />,
    color: str(e.data.status) === 'failed' ? 'red' : 'gray',
    title: t('timeline.notification', {
      template: labelOf(t, 'notificationTemplate', str(e.data.templateKey)),
      status: labelOf(t, 'notificationStatus', str(e.data.status)),
    }),
    details: [
      str(e.data.channel) ? labelOf(t, 'consentChannel', str(e.data.channel)) : t('timeline.noChannel'),
      str(e.data.error),
    ].filter((d): d is string => Boolean(d)),
  }),
  'loyalty.level_changed': (e, t) => {
    const name = (v: unknown) => str((v as { name?: unknown } | null)?.name);
    const to = name(e.data.to) ?? t('timeline.levelNone');
    const from = name(e.data.from);
    return {
      icon: <IconAward size={size} />,
      color: e.data.direction === 'down' ? 'orange' : 'teal',
      title: from ? t('timeline.levelChanged', { from, to }) : t('timeline.levelJoined', { to }),
      details: [],
    };
  },
  'loyalty.level_grace_started': (e, t, fmt) => ({
    icon: <IconAward size={size} />,
    color: 'yellow',
    title: labelOf(t, 'eventType', e.type),
    details: str(e.data.graceUntil) ? [t('timeline.graceUntil', { date: fmt.date(str(e.data.graceUntil) ?? '') })] : [],
  }),
  'contract.renewal_due': (e, t, fmt) => ({
    icon: <IconCalendarRepeat size={size} />,
    color: 'yellow',
    title: t('timeline.contractRenewal', { plan: e.title }),
    details: [contractAmount(e, t, fmt)],
  }),
};

/** What any loyalty or complaint event says beyond its label: points, reward, reason, the complaint. */
function genericDetails(e: TimelineEvent, t: TFunction): string[] {
  const details: string[] = [];
  if (typeof e.data.points === 'number') details.push(t('timeline.points', { count: Math.abs(e.data.points) }));
  if (str(e.data.rewardName)) details.push(t('timeline.reward', { name: e.data.rewardName }));
  if (str(e.data.reference))
    details.push(
      t('timeline.complaintRef', {
        reference: e.data.reference,
        category: labelOf(t, 'complaintCategory', str(e.data.category)),
      }),
    );
  if (str(e.data.reason)) details.push(t('timeline.reasonGiven', { reason: e.data.reason }));
  return details;
}

export function renderEvent(e: TimelineEvent, t: TFunction, fmt: Format): RenderedEvent {
  const render = eventRenderers[e.type];
  return render
    ? render(e, t, fmt)
    : {
        icon: e.type.startsWith('loyalty.') ? (
          <IconAward size={size} />
        ) : e.type.startsWith('complaint.') ? (
          <IconAlertTriangle size={size} />
        ) : (
          <IconPoint size={size} />
        ),
        color: e.type.startsWith('complaint.') ? 'orange' : 'gray',
        title: labelOf(t, 'eventType', e.type),
        details: genericDetails(e, t),
      };
}
