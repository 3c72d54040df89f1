// Server validation problems shown where they belong: each `errors[].path` beside its field,
// the rest (and non-validation failures) in one alert above the form; each said from its code in
// the reader's language where it has one.
import { Alert, List } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api.ts';
import i18n from '../i18n.ts';
import { errorText, rowErrorText, strayErrorText } from '../problemText.ts';

/** The first message per field path ("email", "address.country", "customFields.plan"); list items fold into their list ("tags.2" → "tags"). */
export function fieldErrorsOf(error: Error | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof ApiError)) return out;
  for (const e of error.problem.errors ?? []) {
    const path = e.path.replace(/\.\d+$/, '');
    out[path] ??= rowErrorText(i18n.t, e);
  }
  return out;
}

/** Whatever could not be shown beside a field: a failure without field errors, or errors on fields not on the form. */
export function GeneralError({ error, known }: { error: Error | null | undefined; known: string[] }) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  const fields = error instanceof ApiError ? (error.problem.errors ?? []) : [];
  const isKnown = (path: string) => known.some((k) => path === k || path.startsWith(`${k}.`));
  const stray = fields.filter((f) => !isKnown(f.path));
  if (fields.length > 0 && stray.length === 0) {
    return (
      <Alert color="red" role="alert" title={t('errors.checkFields')}>
        {t('errors.seeBelow')}
      </Alert>
    );
  }
  return (
    <Alert color="red" role="alert" title={t('app.error')}>
      {stray.length > 0 ? (
        <List size="sm">
          {stray.map((f, i) => (
            <List.Item key={`${f.path}.${i}`}>{strayErrorText(t, f)}</List.Item>
          ))}
        </List>
      ) : (
        errorText(error, t, i18n.language)
      )}
    </Alert>
  );
}
