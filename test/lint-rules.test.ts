// The module-boundaries lint rule (scripts/eslint/module-boundaries.js) fires on the imports it
// forbids and stays quiet on those it allows, through ESLint's Node API and the repository's own
// eslint.config.js (the same configuration `npm run lint` and CI use).
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root });

/** The module-boundaries messages for `code` linted as if it were the file `file` (relative to the root). */
async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.filter((m) => m.ruleId === 'tenure/module-boundaries').map((m) => m.message);
}

describe('tenure/module-boundaries', () => {
  it("refuses another domain's repository, from a domain, a workflow or a test", async () => {
    const fromDomain = await boundaryErrors(
      'src/modules/loyalty/loyalty.sample.ts',
      "import { earningFacts } from '../commerce/commerce.repository.ts';\nexport const f = earningFacts;\n",
    );
    expect(fromDomain).toHaveLength(1);
    expect(fromDomain[0]).toContain("the commerce domain's repository");
    const fromWorkflow = await boundaryErrors(
      'src/workflows/sample.ts',
      "export { findProgram } from '../modules/loyalty/loyalty.repository.ts';\n",
    );
    expect(fromWorkflow).toHaveLength(1);
    const fromTest = await boundaryErrors(
      'test/sample.test.ts',
      "import { findRun } from '../src/modules/analytics/analytics.repository.ts';\nexport const f = findRun;\n",
    );
    expect(fromTest).toHaveLength(1);
  });

  it("refuses another domain's schema outside schema files, and allows it for foreign keys", async () => {
    const fromRepository = await boundaryErrors(
      'src/modules/analytics/analytics.sample.repository.ts',
      "import { transactions } from '../commerce/commerce.schema.ts';\nexport const t = transactions;\n",
    );
    expect(fromRepository).toHaveLength(1);
    expect(fromRepository[0]).toContain("the commerce domain's schema");
    expect(
      await boundaryErrors(
        'src/modules/loyalty/loyalty.schema.ts',
        "import { workspaces } from '../workspaces/workspaces.schema.ts';\nexport const w = workspaces;\n",
      ),
    ).toEqual([]);
    expect(await boundaryErrors('src/db/schema.ts', "export * from '../modules/loyalty/loyalty.schema.ts';\n")).toEqual(
      [],
    );
  });

  it("refuses another domain's internals outside its index.ts, but not the domain's own files", async () => {
    const internal = await boundaryErrors(
      'src/modules/complaints/complaints.sample.ts',
      "import { redeem } from '../loyalty/loyalty.redeem.ts';\nexport const r = redeem;\n",
    );
    expect(internal).toHaveLength(1);
    expect(internal[0]).toContain('internal to the loyalty domain');
    expect(
      await boundaryErrors(
        'src/modules/complaints/complaints.sample.ts',
        "import { redeem } from '../loyalty/index.ts';\nimport { findComplaint } from './complaints.repository.ts';\nexport const r = [redeem, findComplaint];\n",
      ),
    ).toEqual([]);
    expect(
      await boundaryErrors(
        'src/cli/commands/sample.ts',
        "export { runClv } from '../../modules/analytics/files.ts';\n",
      ),
    ).toEqual([]);
  });
});

// The import command's bundle drops a source file none of whose exports it uses
// (scripts/build-cli.mjs), so src/ must not import a file only to run it.
describe('no import for side effects alone in src/', () => {
  const sideEffectErrors = async (file: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
    return result.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
  };

  it('refuses a bare import in src/ and allows named and type-only imports, and tests', async () => {
    expect(await sideEffectErrors('src/modules/loyalty/loyalty.sample.ts', "import './loyalty.schema.ts';\n")).toEqual([
      expect.stringContaining('No import for side effects alone'),
    ]);
    expect(
      await sideEffectErrors(
        'src/modules/loyalty/loyalty.sample.ts',
        "import { loyaltyPrograms } from './loyalty.schema.ts';\nimport type {} from './loyalty.schema.ts';\nexport const t = loyaltyPrograms;\n",
      ),
    ).toEqual([]);
    expect(
      await sideEffectErrors('src/modules/loyalty/loyalty.sample.test.ts', "import './loyalty.schema.ts';\n"),
    ).toEqual([]);
  });
});
