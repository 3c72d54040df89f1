// Owns how affinity's numbers and codes become words: shares, lifts and an offer's explanation
// ("Holders of Kettle buy it 6.3× as often"), in the screen's language and the workspace's locale.
import { useTranslation } from 'react-i18next';
import type { OfferDto } from '../../affinity-api.ts';
import { useFormat } from '../../format.ts';

export function useAffinityWords() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const percent = (v: number) =>
    new Intl.NumberFormat(fmt.locale, { style: 'percent', maximumFractionDigits: 1 }).format(v);
  const ratio = (v: number) =>
    new Intl.NumberFormat(fmt.locale, { maximumFractionDigits: 2, minimumFractionDigits: 2 }).format(v);
  const explain = (e: OfferDto['explanation']) =>
    e.code === 'holders_buy'
      ? t('affinity.explain.holdersBuy', { product: e.productName ?? '', lift: ratio(e.lift ?? 1) })
      : t('affinity.explain.popular', { share: percent(e.share ?? 0) });
  return { percent, ratio, explain };
}
