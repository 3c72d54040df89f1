// Owns how the bond index's codes become words in the reader's language: component names and the
// explanation ("Strongest bond: structural (77/100)", "6 of the last 8 contacts with the same
// person"). The API sends codes and numbers; nothing raw reaches the screen.
import { useTranslation } from 'react-i18next';
import type { BondComponent, BondExplanationDto } from '../../bonds-api.ts';
import { useFormat } from '../../format.ts';

export function useBondWords() {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const pct = (share: number) => new Intl.NumberFormat(fmt.locale, { style: 'percent' }).format(share);
  const ratio = (v: number) =>
    new Intl.NumberFormat(fmt.locale, { maximumFractionDigits: 2, minimumFractionDigits: 2 }).format(v);
  const component = (c: BondComponent) => t(`bonds.components.${c}`);
  const explanation = (e: BondExplanationDto): string => {
    const v = e.values ?? {};
    if (!i18n.exists(`bonds.explain.${e.code}`) && !i18n.exists(`bonds.explain.${e.code}_other`))
      return t('bonds.explain.other');
    return t(`bonds.explain.${e.code}`, {
      component: e.component ? component(e.component) : '',
      score: v.score,
      count: v.n,
      share: v.share !== undefined ? pct(v.share) : undefined,
      contacts: v.contacts,
      actedOn: v.actedOn,
      points: v.points !== undefined ? fmt.number(v.points) : undefined,
      value: v.valueMinor !== undefined ? fmt.money(v.valueMinor) : undefined,
      position: v.position,
      of: v.of,
    });
  };
  return { component, explanation, pct, ratio };
}
