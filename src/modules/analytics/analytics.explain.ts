// Owns the plain-language explanations of a customer's value (en, pt-BR, es), rendered on the
// server with i18next like customer messages (explanations/<locale>.json), with the customer's
// own numbers formatted for the locale and the workspace currency.
import { createPlainTextI18n, isMessageLocale, type MessageLocale } from '../notifications/index.ts';
import type { CustomerValueDto, MetricKey } from './analytics.dto.ts';
import type { ScoreView } from './analytics.reads.repository.ts';
import { formatMinor } from './analytics.scoring.ts';
import en from './explanations/en.json' with { type: 'json' };
import es from './explanations/es.json' with { type: 'json' };
import ptBR from './explanations/pt-BR.json' with { type: 'json' };

export const explanationResources: Record<MessageLocale, Record<string, unknown>> = { en, 'pt-BR': ptBR, es };

const i18n = createPlainTextI18n(explanationResources);

/** The first supported language of an Accept-Language header, else the fallback. */
export function pickLocale(acceptLanguage: string | undefined, fallback: string): MessageLocale {
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0].trim();
    if (isMessageLocale(tag)) return tag;
    const lower = tag.toLowerCase();
    if (lower.startsWith('pt')) return 'pt-BR';
    if (lower.startsWith('es')) return 'es';
    if (lower.startsWith('en')) return 'en';
  }
  return isMessageLocale(fallback) ? fallback : 'en';
}

type Unit = CustomerValueDto['metrics'][number]['unit'];

export function explainMetrics(s: ScoreView, currency: string, locale: MessageLocale): CustomerValueDto['metrics'] {
  const t = i18n.getFixedT(locale);
  const money = (minor: number | null) => formatMinor(minor ?? 0, currency, locale);
  const num = (v: number) => new Intl.NumberFormat(locale).format(v);
  const percent = (v: number) =>
    new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(v);
  const months = s.windowMonths;
  const m = (key: MetricKey, value: number | null, unit: Unit, explanation: string) => ({
    key,
    value,
    unit,
    explanation,
  });
  return [
    m(
      'recency_days',
      s.recencyDays,
      'days',
      s.recencyDays === null
        ? t('metric.recency_days_none')
        : t('metric.recency_days', { value: num(s.recencyDays), count: s.recencyDays }),
    ),
    m(
      'frequency',
      s.frequency,
      'count',
      t('metric.frequency', { value: num(s.frequency), count: s.frequency, months }),
    ),
    m(
      'monetary_minor',
      s.monetaryMinor,
      'money',
      s.frequency > 0
        ? t('metric.monetary_minor', { money: money(s.monetaryMinor), months })
        : t('metric.monetary_minor_none', { months }),
    ),
    m('tenure_days', s.tenureDays, 'days', t('metric.tenure_days', { value: num(s.tenureDays), count: s.tenureDays })),
    m('revenue_minor', s.revenueMinor, 'money', t('metric.revenue_minor', { money: money(s.revenueMinor), months })),
    m(
      'gross_margin_minor',
      s.grossMarginMinor,
      'money',
      t('metric.gross_margin_minor', { money: money(s.grossMarginMinor) }),
    ),
    m(
      'cost_to_serve_minor',
      s.costToServeMinor,
      'money',
      t('metric.cost_to_serve_minor', {
        money: money(s.costToServeMinor),
        months,
        interactions: money(s.interactionCostMinor),
        complaints: money(s.complaintCostMinor),
        rewards: money(s.rewardCostMinor),
      }),
    ),
    m(
      'net_profit_minor',
      s.netProfitMinor,
      'money',
      t('metric.net_profit_minor', {
        money: money(s.netProfitMinor),
        margin: money(s.grossMarginMinor),
        cost: money(s.costToServeMinor),
      }),
    ),
    m(
      'historical_clv_minor',
      s.historicalClvMinor,
      'money',
      t('metric.historical_clv_minor', { money: money(s.historicalClvMinor) }),
    ),
    m(
      'potential_value_minor',
      s.potentialValueMinor,
      'money',
      t(`metric.potential_value_minor_${s.potentialSource ?? 'none'}`, { money: money(s.potentialValueMinor), months }),
    ),
    m(
      'share_of_wallet',
      s.shareOfWallet,
      'ratio',
      s.shareOfWallet === null
        ? t('metric.share_of_wallet_none')
        : t('metric.share_of_wallet', { percent: percent(s.shareOfWallet) }),
    ),
  ];
}

export function explainClv(
  s: ScoreView,
  currency: string,
  locale: MessageLocale,
  horizonWeeks: number,
): CustomerValueDto['clv'] {
  if (s.expectedPurchases === null || s.pAlive === null || s.clvMinor === null || s.expectedSpendMinor === null)
    return null;
  const t = i18n.getFixedT(locale);
  // The count is the figure as shown (0.96 reads "1"), so "about 1 purchase", never "1 purchases".
  const purchases = Math.round(s.expectedPurchases * 10) / 10;
  const explanation = t('clv.explanation', {
    count: purchases,
    alive: new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(s.pAlive),
    purchases: new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(purchases),
    weeks: horizonWeeks,
    spend: formatMinor(s.expectedSpendMinor, currency, locale),
    money: formatMinor(s.clvMinor, currency, locale),
  });
  return {
    expectedPurchases: s.expectedPurchases,
    pAlive: s.pAlive,
    expectedSpendMinor: s.expectedSpendMinor,
    clvMinor: s.clvMinor,
    horizonWeeks,
    explanation,
  };
}

/** Why a customer is in their tier, as a scoring run stored it (analytics.scores.repository.ts reasonSql). */
type TierReason = {
  tier: 'platinum' | 'gold' | 'iron' | 'lead';
  by: 'clv' | 'net_profit';
  /** The amount customers are ranked by (predicted CLV or net profit), in minor units. */
  value: number;
  profit: number;
  rank: number | null;
  of: number | null;
  months: number;
  platinumShare: number;
  goldShare: number;
};

const isTierReason = (v: unknown): v is TierReason =>
  typeof v === 'object' && v !== null && typeof (v as TierReason).tier === 'string' && 'by' in v;

/**
 * A stored tier reason in the reader's language, amounts in their locale and the workspace
 * currency. Reasons stored as English sentences (before reasons were stored as facts) are
 * answered as they are.
 */
export function explainTierReason(stored: string, currency: string, locale: MessageLocale): string {
  let r: unknown;
  try {
    r = JSON.parse(stored);
  } catch {
    return stored;
  }
  if (!isTierReason(r)) return stored;
  const t = i18n.getFixedT(locale);
  const money = (minor: number) => formatMinor(minor, currency, locale);
  const share = (v: number) => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(v);
  const num = (v: number) => new Intl.NumberFormat(locale).format(v);
  if (r.tier === 'lead') return t('tier.lead', { months: r.months, money: money(r.profit) });
  if (r.tier === 'iron' && r.value <= 0) return t(`tier.iron_none_${r.by}`, { money: money(r.value) });
  const what = t(`tier.what_${r.by}`, { money: money(r.value), months: r.months });
  const rank = r.rank !== null && r.of !== null ? t('tier.rank', { rank: num(r.rank), of: num(r.of) }) : '';
  const shareOf = { platinum: r.platinumShare, gold: r.goldShare, iron: r.platinumShare + r.goldShare }[r.tier];
  return t(`tier.${r.tier}`, { what, rank, share: share(shareOf) });
}
