// Owns how churn codes become words: a driver of one customer's risk ("Pays by invoice"), an
// effect of the drivers table ("Each unresolved complaint: customers leave 2.3× as fast, 95 % CI
// 1.8–2.9"), level and segment names. The API sends codes and numbers; nothing raw reaches the screen.
import { useTranslation } from 'react-i18next';
import type { EffectDto, RiskDriverDto, SegmentKind } from '../../churn-api.ts';
import { useFormat } from '../../format.ts';

const translatedLevels: Record<string, string> = {
  payment_method: 'churn.paymentMethods',
  tier: 'churn.tiers',
};

export function useChurnWords() {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const num = (v: number, digits = 2) =>
    new Intl.NumberFormat(fmt.locale, { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(v);
  const ratio = (v: number) =>
    new Intl.NumberFormat(fmt.locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(v);
  const feature = (code: string) =>
    i18n.exists(`churn.features.${code}`) ? t(`churn.features.${code}`) : t('churn.features.other');
  /** A categorical level as a person reads it: payment methods and tiers translated, plans as the workspace named them. */
  const level = (code: string, value: string) => {
    const base = translatedLevels[code];
    if (base) return i18n.exists(`${base}.${value}`) ? t(`${base}.${value}`) : t('churn.unknownLevel');
    if (value === 'other') return t('churn.otherLevels');
    return value;
  };
  const driver = (d: RiskDriverDto) => {
    if (d.level !== undefined)
      return t('churn.driver.level', { feature: feature(d.code), level: level(d.code, d.level) });
    if (d.code === 'p_alive') return t('churn.driver.pAlive', { pct: num(d.value * 100, 0) });
    return t('churn.driver.value', { feature: feature(d.code), value: num(d.value, 1) });
  };
  const subject = (e: EffectDto) =>
    e.level !== undefined
      ? t('churn.effect.level', {
          feature: feature(e.code),
          level: level(e.code, e.level),
          reference: level(e.code, e.reference ?? ''),
        })
      : t('churn.effect.step', { feature: feature(e.code), step: num(e.step, 2) });
  const effect = (e: EffectDto) =>
    e.hazardRatio !== null && e.lower !== null && e.upper !== null
      ? t('churn.effect.hazard', {
          subject: subject(e),
          ratio: ratio(e.hazardRatio),
          lower: ratio(e.lower),
          upper: ratio(e.upper),
        })
      : t('churn.effect.odds', {
          subject: subject(e),
          ratio: ratio(e.oddsRatio),
          lower: ratio(e.oddsLower),
          upper: ratio(e.oddsUpper),
        });
  const segment = (by: SegmentKind, value: string) => {
    if (by === 'term')
      return value === 'unknown' ? t('churn.unknownLevel') : t('churn.termMonths', { count: Number(value) });
    if (by === 'payment_method') return level('payment_method', value);
    if (by === 'tier') return level('tier', value);
    return value;
  };
  const percent = (v: number) =>
    new Intl.NumberFormat(fmt.locale, { style: 'percent', maximumFractionDigits: 1 }).format(v);
  return { driver, effect, feature, segment, percent, num, ratio };
}
