// The customer's profile: identity, contacts, address, language, acquisition, status, account
// manager, tags, custom fields and declared wallet size.
import { Box, SimpleGrid, Text } from '@mantine/core';
import { IconId } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Address } from '../../api.ts';
import { Field, Panel } from '../../components/Panel.tsx';
import { useFormat } from '../../format.ts';
import { Tags } from '../../components/CustomerBadges.tsx';
import { showCustomValue, useCustomFields } from '../../customFields.ts';
import type { PanelProps } from './types.ts';
import { labelOf } from '../../labels.ts';

export function displayName(code: string, type: 'language' | 'region', uiLanguage: string): string {
  try {
    return new Intl.DisplayNames([uiLanguage], { type }).of(code) ?? code;
  } catch {
    return code;
  }
}

function addressLines(a: Address | null, uiLanguage: string): string[] {
  if (!a) return [];
  const cityLine = [a.postalCode, a.city, a.region].filter(Boolean).join(' ');
  return [a.line1, a.line2, cityLine, a.country ? displayName(a.country, 'region', uiLanguage) : undefined].filter(
    (l): l is string => Boolean(l),
  );
}

export function ProfilePanel({ overview }: PanelProps) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const fields = useCustomFields();
  const c = overview.customer;
  const address = addressLines(c.address, i18n.language);
  const custom = Object.entries(c.customFields);
  const defs = new Map((fields.data?.items ?? []).map((d) => [d.key, d]));
  return (
    <Panel title={t('profile.title')} icon={<IconId size={20} />} testId="profile-panel">
      <SimpleGrid component="dl" cols={2} spacing="sm" verticalSpacing="sm" m={0}>
        <Field label={t('profile.kind')}>{t(`profile.kinds.${c.kind}`)}</Field>
        <Field label={t('profile.status')}>
          {t(`customers.status.${c.status}`)}
          {c.defectedAt && ` · ${fmt.date(c.defectedAt)}`}
          {c.defectionReason && (
            <Text size="xs" c="dimmed">
              {c.defectionReason}
            </Text>
          )}
        </Field>
        <Field label={t('profile.email')}>{[c.email, ...c.otherEmails].filter(Boolean).join(', ') || '—'}</Field>
        <Field label={t('profile.phone')}>{[c.phone, ...c.otherPhones].filter(Boolean).join(', ') || '—'}</Field>
        <Field label={t('profile.address')}>
          {address.length
            ? address.map((line) => (
                <Box key={line} component="span" display="block">
                  {line}
                </Box>
              ))
            : '—'}
        </Field>
        <Field label={t('profile.locale')}>{c.locale ? displayName(c.locale, 'language', i18n.language) : '—'}</Field>
        <Field label={t('profile.birthDate')}>{c.birthDate ? fmt.day(c.birthDate) : '—'}</Field>
        <Field label={t('profile.externalId')}>{c.externalId ?? '—'}</Field>
        <Field label={t('profile.acquired')}>
          {c.acquiredAt ? fmt.date(c.acquiredAt) : '—'}
          {c.acquisitionChannel && ` · ${labelOf(t, 'acquisitionChannel', c.acquisitionChannel)}`}
        </Field>
        <Field label={t('profile.accountManager')}>{overview.accountManager?.name ?? '—'}</Field>
        <Field label={t('profile.wallet')}>
          {c.declaredWalletMinor === null ? '—' : fmt.money(c.declaredWalletMinor)}
        </Field>
        <Field label={t('profile.created')}>{fmt.date(c.createdAt)}</Field>
        <Field label={t('profile.tags')}>{c.tags.length ? <Tags tags={c.tags} max={20} /> : '—'}</Field>
        {custom.map(([key, value]) => (
          <Field key={key} label={defs.get(key)?.label ?? key}>
            {showCustomValue(value, defs.get(key)?.type, fmt, t)}
          </Field>
        ))}
      </SimpleGrid>
    </Panel>
  );
}
