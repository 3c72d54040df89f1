// Every language has every template the English file has, with the same placeholders; every
// event rule has a template; optional paragraphs drop out when their variable is missing.
import { describe, expect, test } from 'vitest';
import { flatten } from '../../../test/support/flatten.ts';
import { eventMessageRules } from './notifications.subscriber.ts';
import { messageLocales, renderMessage, templateResources } from './notifications.templates.ts';

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
