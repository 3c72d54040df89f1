// Owns the UI languages (en, pt-BR, es) and locale-aware formatting of money, dates, numbers.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import es from './locales/es.json';
import ptBR from './locales/pt-BR.json';

export const languages = [
  { code: 'en', label: 'English' },
  { code: 'pt-BR', label: 'Português (Brasil)' },
  { code: 'es', label: 'Español' },
] as const;
export type Language = (typeof languages)[number]['code'];

const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem('tenure.lang');
const browser = typeof navigator === 'undefined' ? 'en' : navigator.language;
const initial = (languages.find((l) => l.code === stored)?.code ??
  languages.find((l) => browser.startsWith(l.code.slice(0, 2)))?.code ??
  'en') as Language;

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, 'pt-BR': { translation: ptBR }, es: { translation: es } },
  lng: initial,
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
});

export function setLanguage(code: Language) {
  localStorage.setItem('tenure.lang', code);
  document.documentElement.lang = code;
  void i18n.changeLanguage(code);
}

/** Money is stored in minor units; the currency decides how many decimals a unit has. */
export { formatMoney } from './lib/money.ts';

export const formatDate = (iso: string, locale: string, timeZone?: string) =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone }).format(new Date(iso));

export const formatDateTime = (iso: string, locale: string, timeZone?: string) =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));

export default i18n;
