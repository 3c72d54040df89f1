// Owns how affinity's numbers and codes become words: shares, lifts and an offer's explanation
// ("Holders of Kettle buy it 6.3× as often") and a micro-segment's name, in the screen's language and the workspace's locale.
import { useTranslation } from 'react-i18next';
import type { OfferDto } from '../../affinity-api.ts';
import { useFormat } from '../../format.ts';
import { useLabel } from '../../labels.ts';

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
  const label = useLabel();
  /** A micro-segment named by its top categories in the reader's language ("Coffee & Pastries"). */
  const segmentName = (categories: { category: string; share: number }[]) => {
    const top = categories.filter((c, i) => i === 0 || c.share >= 0.2).slice(0, 3);
    const [a, b, c] = top.map((x) => label('productCategory', x.category));
    if (!a) return t('affinity.segments.unnamed');
    if (!b) return a;
    return c ? t('affinity.segments.three', { a, b, c }) : t('affinity.segments.two', { a, b });
  };
  return { percent, ratio, explain, segmentName };
}
