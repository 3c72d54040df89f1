// Every language has every template the English file has, with the same placeholders; every
// event rule has a template; optional paragraphs drop out when their variable is missing; the
// renderer fills placeholders exactly as i18next's own interpolation does.
import { describe, expect, test } from 'vitest';
import { flatten } from '../../../test/support/flatten.ts';
import { eventMessageRules } from './notifications.subscriber.ts';
import { createPlainTextI18n, messageLocales, renderMessage, templateResources } from './notifications.templates.ts';

const placeholders = (s: string) => (s.match(/\{\{\w+\}\}/g) ?? []).sort();
const english = flatten(templateResources.en);

describe.each(messageLocales.filter((l) => l !== 'en'))('%s message templates', (locale) => {
  const translated = flatten(templateResources[locale]);
  test('have exactly the English keys, every placeholder, nothing empty and no English left', () => {
    expect(Object.keys(translated).sort()).toEqual(Object.keys(english).sort());
    for (const [key, value] of Object.entries(english)) {
      expect(translated[key].trim(), key).toBeTruthy();
      expect(placeholders(translated[key]), key).toEqual(placeholders(value));
      if (!/^\{\{\w+\}\}$/.test(value)) expect(translated[key], `${key} is translated`).not.toBe(value);
    }
  });
});

describe('message templates', () => {
  test('exist for every event rule, with subject, body and short text', () => {
    for (const rule of Object.values(eventMessageRules)) {
      for (const part of ['subject', 'body', 'short'])
        expect(english[`${rule.template}.${part}`], `${rule.template}.${part}`).toBeTruthy();
    }
  });

  test('leave out a paragraph whose variable is missing, and never print a raw placeholder', () => {
    const full = renderMessage('complaint.invalidated', 'en', {
      name: 'Ann',
      workspaceName: 'Acme',
      reference: 'RC-9',
      reason: 'Outside the warranty',
      statusUrl: 'https://x.test/s',
    });
    expect(full.text).toBe(
      'Hello Ann,\n\nWe have carefully reviewed your complaint RC-9 and concluded that we cannot accept it.\n\nReason: Outside the warranty\n\nYou can see the details here: https://x.test/s\n\nKind regards,\nAcme',
    );
    expect(full.short).toBe(
      'Acme: we have reviewed your complaint RC-9 and cannot accept it. You can see the details here: https://x.test/s',
    );
    const bare = renderMessage('complaint.invalidated', 'es', { workspaceName: 'Acme', reference: 'RC-9', reason: '' });
    expect(bare.text).toBe(
      'Hola:\n\nHemos revisado con atención su reclamación RC-9 y hemos concluido que no procede.\n\nAtentamente,\nAcme',
    );
    expect(bare.text).not.toContain('{{');
    expect(() => renderMessage('complaint.nope', 'en', {})).toThrow(/no message template/);
  });
});

describe('rendering', () => {
  // The reference: i18next's t() over the same resources, paragraph by paragraph as renderMessage joins them.
  const i18n = createPlainTextI18n(templateResources);
  const templates = [...new Set(Object.keys(english).map((k) => k.split('.').slice(0, -1).join('.')))].filter(
    (k) => english[`${k}.subject`] !== undefined,
  );
  const reference = (key: string, locale: (typeof messageLocales)[number], vars: Record<string, string>) => {
    const t = i18n.getFixedT(locale);
    const optional = (part: string) => {
      const raw = english[`${key}.${part}`];
      return raw !== undefined && placeholders(raw).every((p) => p.slice(2, -2) in vars)
        ? t(`${key}.${part}`, vars)
        : undefined;
    };
    return {
      subject: t(`${key}.subject`, vars),
      text: [
        vars.name ? t('common.greeting', vars) : t('common.greetingNoName'),
        t(`${key}.body`, vars),
        optional('reason'),
        optional('link'),
        t('common.signature', vars),
      ]
        .filter(Boolean)
        .join('\n\n'),
      short: [t(`${key}.short`, vars), optional('link')].filter(Boolean).join(' '),
    };
  };

  test.each(messageLocales)('%s: every template as i18next renders it, all variables or every other one', (locale) => {
    expect(templates.length).toBeGreaterThan(10);
    for (const key of templates) {
      const names = [
        'name',
        'workspaceName',
        ...new Set(Object.entries(english).flatMap(([k, v]) => (k.startsWith(`${key}.`) ? placeholders(v) : []))),
      ].map((p) => p.replace(/[{}]/g, ''));
      // Values a template engine could mistake for its own syntax are inserted as they are.
      const tricky = ['{{name}}', '$t(common.greeting)', "O'Brien & Co <b>", 'a\\b $& $1'];
      const all = Object.fromEntries(names.map((n, i) => [n, `${n}:${tricky[i % tricky.length]}`]));
      const some = Object.fromEntries(Object.entries(all).filter((_, i) => i % 2 === 0));
      for (const vars of [all, some])
        expect(renderMessage(key, locale, vars), `${locale} ${key}`).toEqual(reference(key, locale, vars));
    }
  });
});
