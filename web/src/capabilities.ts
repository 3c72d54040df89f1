// Which API operations this server has, read once from /openapi.json, so screens show a panel
// only when the endpoint behind it exists (later domains light their panels up by landing).
// Query parameters are listed too, as `get /api/v1/customers?tier`, so a link can depend on a
// filter the list endpoint accepts.
import { useQuery } from '@tanstack/react-query';

export type Operation = `${'get' | 'post' | 'put' | 'patch' | 'delete'} ${string}`;

type OpenApiDoc = { paths?: Record<string, Record<string, { parameters?: { name?: string; in?: string }[] }>> };

export function operationsOf(doc: OpenApiDoc): Set<Operation> {
  const out = new Set<Operation>();
  for (const [path, ops] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(ops)) {
      out.add(`${method} ${path}` as Operation);
      for (const p of op?.parameters ?? []) if (p.in === 'query' && p.name) out.add(`${method} ${path}?${p.name}` as Operation);
    }
  }
  return out;
}

export function useApiOperations() {
  return useQuery({
    queryKey: ['openapi-operations'],
    staleTime: Infinity,
    queryFn: async () => {
      const res = await fetch('/openapi.json', { credentials: 'same-origin' });
      if (!res.ok) throw new Error(`openapi.json: ${res.status}`);
      return operationsOf((await res.json()) as OpenApiDoc);
    },
  });
}
