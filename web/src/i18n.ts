// Owns the UI languages (en, pt-BR, es) and locale-aware formatting of money, dates, numbers.
import i18n, { type BackendModule } from 'i18next';
import { initReactI18next } from 'react-i18next';

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

// Each language is its own chunk, fetched when chosen (and English, the fallback): the first load
// carries none of them. i18next asks this backend before any language change takes effect.
const bundles: Record<Language, () => Promise<{ default: Record<string, unknown> }>> = {
  en: () => import('./locales/en.json'),
  'pt-BR': () => import('./locales/pt-BR.json'),
  es: () => import('./locales/es.json'),
};
const lazyBundles: BackendModule = {
  type: 'backend',
  init: () => {},
  read: (lng, _ns, done) => {
    const load = bundles[lng as Language];
    if (!load) return done(null, {});
    load().then(
      (m) => done(null, m.default),
      (err: Error) => done(err, false),
    );
  },
};

/** Settles once the chosen language (and the fallback) are loaded; render after it. */
export const i18nReady = i18n
  .use(lazyBundles)
  .use(initReactI18next)
  .init({
    lng: initial,
    fallbackLng: 'en',
    load: 'currentOnly',
    // Every {{count}} is a number in the reader's locale ("1,190 more points", "1.190 pontos").
    interpolation: { escapeValue: false, alwaysFormat: true },
  });

type Format = (value: unknown, format: string | undefined, lng: string | undefined, o?: object) => unknown;
// alwaysFormat routes every value through the formatter; only a numeric `count` without an explicit
// format is changed here (other numbers, such as years, stay as they are). i18next's own formats
// ({{x, number}}) keep working.
void i18nReady.then(() => {
  const interpolator = i18n.services.interpolator as unknown as { format: Format };
  const builtIn = interpolator.format;
  interpolator.format = (value, format, lng, o) =>
    !format && typeof value === 'number' && (o as { interpolationkey?: string })?.interpolationkey === 'count'
      ? new Intl.NumberFormat(lng).format(value)
      : builtIn(value, format, lng, o);
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
