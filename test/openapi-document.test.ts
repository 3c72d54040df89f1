// The API reference a client generator or a reader gets from /openapi.json (built in process,
// no database): every operation has a unique operationId and a description, the introduction
// lists every error code with its status, a 429 names Retry-After, `servers` is set, and every
// event type a webhook can carry is under `webhooks` with its body.
import { expect, test } from 'vitest';
import { errorStatus } from '../src/errors.ts';
import { eventCatalogue } from '../src/modules/events/index.ts';
import { openApiDocument } from '../scripts/api-types.ts';

const methods = ['get', 'post', 'put', 'patch', 'delete'];

test('every operation has a unique operationId and a description naming its permission', async () => {
  const doc: any = await openApiDocument();
  const ids = new Map<string, string>();
  const problems: string[] = [];
  for (const [path, item] of Object.entries<any>(doc.paths))
    for (const method of methods) {
      const op = item[method];
      if (!op) continue;
      const where = `${method} ${path}`;
      if (!op.operationId) problems.push(`${where}: no operationId`);
      else if (ids.has(op.operationId))
        problems.push(`${where}: operationId ${op.operationId} also on ${ids.get(op.operationId)}`);
      else ids.set(op.operationId, where);
      if (!op.description) problems.push(`${where}: no description`);
      else if (!/permission|Public: no sign-in/.test(op.description))
        problems.push(`${where}: description names no permission`);
      if (op.responses?.['429'] && !op.responses['429'].headers?.['Retry-After'])
        problems.push(`${where}: 429 without Retry-After`);
    }
  expect(problems).toEqual([]);
  expect(ids.size).toBeGreaterThan(200);
  expect(ids.get('getCustomersByIdOverview')).toBe('get /api/v1/customers/{id}/overview');
});

test('the introduction lists every error code; servers and webhooks are set', async () => {
  const doc: any = await openApiDocument();
  for (const [code, status] of Object.entries(errorStatus))
    expect(doc.info.description).toContain(`| \`${code}\` | ${status} |`);
  expect(doc.servers).toEqual([{ url: '/', description: expect.any(String) }]);
  expect(Object.keys(doc.webhooks).sort()).toEqual(eventCatalogue.map((e) => e.type).sort());
  const body = doc.webhooks['customer.defected'].post.requestBody.content['application/json'].schema;
  expect(body.properties.type).toMatchObject({ enum: ['customer.defected'] });
  expect(body.required).toEqual(expect.arrayContaining(['id', 'type', 'occurredAt', 'data']));
});
