import { Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { type Language, languages, setLanguage } from '../i18n.ts';

export function LanguagePicker() {
  const { t, i18n } = useTranslation();
  return (
    <Select
      aria-label={t('header.language')}
      data-testid="language-picker"
      w={{ base: 110, sm: 190 }}
      size="xs"
      data={languages.map((l) => ({ value: l.code, label: l.label }))}
      value={i18n.language}
      onChange={(v) => v && setLanguage(v as Language)}
      allowDeselect={false}
    />
  );
}
