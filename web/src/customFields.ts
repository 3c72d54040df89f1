// The workspace's custom field definitions (labels, types, options), shared by view and edit.
import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { api, type CustomFieldDto } from './api.ts';
import type { Format } from './format.ts';

export function useCustomFields() {
  return useQuery({ queryKey: ['custom-fields'], queryFn: () => api.GET('/custom-fields'), staleTime: 5 * 60_000 });
}

/** A custom field value as text, by its definition's type. */
export function showCustomValue(
  value: unknown,
  type: CustomFieldDto['type'] | undefined,
  fmt: Format,
  t: TFunction,
): string {
  if (value === null || value === undefined || value === '') return '—';
  if (type === 'boolean' || typeof value === 'boolean') return value ? t('app.yes') : t('app.no');
  if (type === 'number' && typeof value === 'number') return fmt.number(value);
  if (type === 'date' && typeof value === 'string') return fmt.day(value);
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}
