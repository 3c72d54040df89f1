// The web app's API types (web/src/api-types.ts) are generated from the server's routes, so a
// route changed without regenerating them fails here (and in CI) with the command to run.
import { readFile } from 'node:fs/promises';
import { expect, test } from 'vitest';
import { apiTypesFile, renderApiTypes } from '../scripts/api-types.ts';

test('web/src/api-types.ts is what `npm run api:types` writes from the routes of today', async () => {
  const [committed, fresh] = await Promise.all([readFile(apiTypesFile, 'utf8'), renderApiTypes()]);
  if (committed === fresh) return;
  const was = committed.split('\n');
  const now = fresh.split('\n');
  const line = now.findIndex((l, i) => l !== was[i]);
  expect.fail(
    `web/src/api-types.ts is stale: run \`npm run api:types\` and commit it (first difference at line ${line + 1}: ${JSON.stringify(was[line])} → ${JSON.stringify(now[line])})`,
  );
});
