// A refused request on screen, in the reader's language: every error code of the server
// (src/errors.ts) has a sentence in each language, which differs from the English one; a file
// refused for its header (a 422 whose `errors` item carries the problem's code, as
// src/modules/imports/imports.test.ts shows the server answers) is said from that code, never
// from the server's English `detail`; a problem without a code keeps the earlier behaviour. A
// field's problem from a schema rule or a service reads in the reader's language, and one shown
// away from its field goes without the API's path.
import { describe, expect, test } from 'vitest';
import { errorStatus } from '../../src/errors.ts';
import { problem, type ProblemCode, type ProblemParams } from '../../src/lib/problems.ts';
import { ApiError } from './api.ts';
import i18n, { i18nReady } from './i18n.ts';
import { errorText, rowErrorText, strayErrorText } from './problemText.ts';

const errorCodes = Object.keys(errorStatus);

/** The 422 the server answers for a refused upload (src/modules/imports/imports.upload.ts). */
function refusedFile(code: ProblemCode, params?: ProblemParams, detailSuffix = '') {
  const p = problem(code, params);
  const detail = `${p.message}${detailSuffix}`;
  return new ApiError({
    type: 'https://tenure.dev/problems/validation_failed',
    title: 'Validation failed',
    status: 422,
    code: 'validation_failed',
    detail,
    errors: [{ path: 'body', message: detail, code, ...(p.params ? { params: p.params } : {}) }],
  });
}

describe('refused requests', () => {
  test('every error code has a sentence in each language', async () => {
    await i18nReady;
    expect(errorCodes.length).toBeGreaterThan(20);
    const english = new Map<string, string>();
    for (const lng of ['en', 'pt-BR', 'es']) {
      await i18n.changeLanguage(lng);
      for (const code of errorCodes) {
        expect(i18n.exists(`errors.code.${code}`), `${lng}: ${code}`).toBe(true);
        const text = i18n.t(`errors.code.${code}`);
        if (lng === 'en') english.set(code, text);
        else expect(text, `${lng}: ${code}`).not.toBe(english.get(code));
      }
    }
  });

  test('a file refused for its header is said from its code in each language, not from the English detail', async () => {
    await i18nReady;
    const semicolons = refusedFile(
      'missing_columns',
      { columns: 'external_id, name', count: 2, found: 'external_id;name', separator: 'semicolon' },
      ' The file looks semicolon-separated: add delimiter=%3B to the query.',
    );
    const twice = refusedFile('columns_twice', { columns: 'name', count: 1 });
    await i18n.changeLanguage('en');
    expect(errorText(semicolons, i18n.t, 'en')).toBe(
      'Required columns missing: external_id, name. Columns found: external_id;name. The file seems to be separated by Semicolon (;).',
    );
    await i18n.changeLanguage('pt-BR');
    expect(errorText(semicolons, i18n.t, 'pt-BR')).toBe(
      'Faltam colunas obrigatórias: external_id, name. Colunas encontradas: external_id;name. O arquivo parece separado por Ponto e vírgula (;).',
    );
    expect(errorText(twice, i18n.t, 'pt-BR')).toBe(
      i18n.t('imports.problems.columns_twice', { columns: 'name', count: 1 }),
    );
    await i18n.changeLanguage('es');
    for (const [code, params] of [
      ['empty_file', undefined],
      ['no_header', undefined],
      ['header_too_long', { max: 1048576 }],
      ['header_unreadable', { reason: 'Invalid Closing Quote' }],
      ['columns_twice', { columns: 'name', count: 1 }],
    ] as const) {
      const error = refusedFile(code, params);
      const text = errorText(error, i18n.t, 'es');
      expect(text, code).toBe(i18n.t(`imports.problems.${code}`, params ?? {}));
      expect(text, code).not.toBe(error.problem.detail);
    }
  });

  test('a problem without a code for its body: the detail in English, the code’s sentence elsewhere', async () => {
    await i18nReady;
    const conflict = new ApiError({
      type: 'https://tenure.dev/problems/conflict',
      title: 'Conflict',
      status: 409,
      code: 'conflict',
      detail: 'Another customer already has the external id "C-1"',
      errors: [{ path: 'lines.0.lineNo', message: 'no such line in the original transaction', code: 'no_line' }],
    });
    await i18n.changeLanguage('es');
    expect(errorText(conflict, i18n.t, 'es')).toBe(i18n.t('errors.code.conflict'));
    await i18n.changeLanguage('en');
    expect(errorText(conflict, i18n.t, 'en')).toBe('Another customer already has the external id "C-1"');
    expect(errorText(new Error('offline'), i18n.t, 'en')).toBe('offline');
  });

  test('a field refused by a schema rule or a service reads in the reader’s language, without the API path', async () => {
    await i18nReady;
    await i18n.changeLanguage('pt-BR');
    const endsAt = { path: 'endsAt', ...problem('after', { other: 'startsAt' }) };
    expect(rowErrorText(i18n.t, endsAt)).toBe('deve ser posterior a startsAt');
    expect(rowErrorText(i18n.t, problem('one_of_required', { fields: 'multiplier, bonusPoints' }))).toBe(
      'informe um destes: multiplier, bonusPoints',
    );
    expect(strayErrorText(i18n.t, { path: 'lines.0.sku', ...problem('no_such_product') })).toBe(
      'sku: produto não encontrado neste espaço de trabalho',
    );
    expect(strayErrorText(i18n.t, { path: 'rules.1.0', ...problem('appears_twice') })).toBe('aparece duas vezes');
    expect(strayErrorText(i18n.t, { path: '(body)', ...problem('at_least_one_of', { fields: 'name, locale' }) })).toBe(
      'informe pelo menos um destes: name, locale',
    );
  });
});
