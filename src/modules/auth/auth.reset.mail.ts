// The password-reset e-mail in the language of the page it was asked from (en, pt-BR, es).
export const resetLocales = ['en', 'pt-BR', 'es'] as const;
export type ResetLocale = (typeof resetLocales)[number];

const texts: Record<ResetLocale, { subject: string; body: (name: string, link: string, minutes: number) => string }> = {
  en: {
    subject: 'Reset your Tenure password',
    body: (name, link, minutes) =>
      `Hello ${name},\n\nSomeone (we hope you) asked to reset the password of your Tenure account. ` +
      `To choose a new one, open this link within ${minutes} minutes:\n\n${link}\n\n` +
      `The link works once. If you did not ask for it, ignore this message: your password stays as it is.`,
  },
  'pt-BR': {
    subject: 'Redefina sua senha do Tenure',
    body: (name, link, minutes) =>
      `Olá, ${name},\n\nAlguém (esperamos que você) pediu para redefinir a senha da sua conta do Tenure. ` +
      `Para escolher uma nova, abra este link em até ${minutes} minutos:\n\n${link}\n\n` +
      `O link funciona uma vez. Se não foi você, ignore esta mensagem: sua senha continua a mesma.`,
  },
  es: {
    subject: 'Restablece tu contraseña de Tenure',
    body: (name, link, minutes) =>
      `Hola, ${name}:\n\nAlguien (esperamos que tú) pidió restablecer la contraseña de tu cuenta de Tenure. ` +
      `Para elegir una nueva, abre este enlace antes de ${minutes} minutos:\n\n${link}\n\n` +
      `El enlace funciona una sola vez. Si no lo pediste, ignora este mensaje: tu contraseña sigue igual.`,
  },
};

export const resetLocaleOf = (v: string | undefined): ResetLocale => {
  const tag = (v ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  if (tag.startsWith('pt')) return 'pt-BR';
  if (tag.startsWith('es')) return 'es';
  return 'en';
};

export function resetMail(locale: ResetLocale, name: string, link: string, minutes: number) {
  const t = texts[locale];
  const text = t.body(name, link, minutes);
  return { subject: t.subject, text, short: `${t.subject}: ${link}` };
}
