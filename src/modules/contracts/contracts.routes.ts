// HTTP surface of contracts and subscriptions. Thin: parse, call the service, answer.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Deps } from '../../deps.ts';
import type { AppEnv, Auth } from '../../http/context.ts';
import { errorResponses, IdParams, jsonBody, jsonResponse } from '../../http/openapi.ts';
import { createRouter, defineRoute } from '../../http/router.ts';
import {
  CancelContractBody,
  ContractDetailSchema,
  ContractSchema,
  ContractValueChangeSchema,
  CreateContractBody,
  CreateValueChangeBody,
  ListContractsQuery,
  UpdateContractBody,
} from './contracts.dto.ts';
import {
  cancelContract,
  createContract,
  getContract,
  listContracts,
  type OnContractCancelled,
  updateContract,
} from './contracts.service.ts';
import { addValueChange, listValueChanges } from './contracts.changes.ts';

const auth = (c: Context<AppEnv>) => c.get('auth') as Auth;
const tags = ['Contracts'];

const routes = {
  list: defineRoute({
    method: 'get',
    path: '/contracts',
    permission: 'contracts:read',
    tags,
    summary: 'Contracts and subscriptions',
    request: { query: ListContractsQuery },
    responses: {
      200: jsonResponse(z.object({ items: z.array(ContractSchema), nextCursor: z.string().nullable() }), 'Contracts'),
      ...errorResponses,
    },
  }),
  create: defineRoute({
    method: 'post',
    path: '/contracts',
    permission: 'contracts:write',
    tags,
    summary: 'Start a contract (idempotent with externalId)',
    request: { body: jsonBody(CreateContractBody) },
    responses: {
      201: jsonResponse(ContractSchema, 'Created'),
      200: jsonResponse(ContractSchema, 'Already recorded'),
      ...errorResponses,
    },
  }),
  get: defineRoute({
    method: 'get',
    path: '/contracts/{id}',
    permission: 'contracts:read',
    tags,
    summary: 'One contract',
    request: { params: IdParams },
    responses: {
      200: jsonResponse(ContractDetailSchema, 'The contract with its dated value changes'),
      ...errorResponses,
    },
  }),
  update: defineRoute({
    method: 'patch',
    path: '/contracts/{id}',
    permission: 'contracts:write',
    tags,
    summary: 'Change plan, value, dates or status (legal transitions only)',
    request: { params: IdParams, body: jsonBody(UpdateContractBody) },
    responses: { 200: jsonResponse(ContractSchema, 'Updated'), ...errorResponses },
  }),
  cancel: defineRoute({
    method: 'post',
    path: '/contracts/{id}/cancel',
    permission: 'contracts:write',
    tags,
    summary: 'Cancel with a reason (feeds churn analysis)',
    request: { params: IdParams, body: jsonBody(CancelContractBody) },
    responses: { 200: jsonResponse(ContractSchema, 'Cancelled'), ...errorResponses },
  }),
  addChange: defineRoute({
    method: 'post',
    path: '/contracts/{id}/changes',
    permission: 'contracts:write',
    tags,
    summary: 'Record a dated change of the monthly value (upgrade, downgrade, repricing)',
    request: { params: IdParams, body: jsonBody(CreateValueChangeBody) },
    responses: { 201: jsonResponse(ContractValueChangeSchema, 'Recorded'), ...errorResponses },
  }),
};

export function contractsRoutes(deps: Deps, hooks: { onCancelled?: OnContractCancelled } = {}) {
  const router = createRouter();
  router.openapi(routes.list, async (c) =>
    c.json(await listContracts(deps, auth(c).workspaceId, c.req.valid('query')), 200),
  );
  router.openapi(routes.create, async (c) => {
    const r = await createContract(deps, auth(c).workspaceId, c.req.valid('json'));
    return c.json(r.contract, r.created ? 201 : 200);
  });
  router.openapi(routes.get, async (c) => {
    const { workspaceId } = auth(c);
    const { id } = c.req.valid('param');
    const contract = await getContract(deps, workspaceId, id);
    return c.json({ ...contract, changes: await listValueChanges(deps, workspaceId, id) }, 200);
  });
  router.openapi(routes.addChange, async (c) =>
    c.json(await addValueChange(deps, auth(c).workspaceId, c.req.valid('param').id, c.req.valid('json')), 201),
  );
  router.openapi(routes.update, async (c) =>
    c.json(await updateContract(deps, auth(c).workspaceId, c.req.valid('param').id, c.req.valid('json')), 200),
  );
  router.openapi(routes.cancel, async (c) =>
    c.json(
      await cancelContract(deps, auth(c).workspaceId, c.req.valid('param').id, c.req.valid('json'), hooks.onCancelled),
      200,
    ),
  );
  return router;
}
