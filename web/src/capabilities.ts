// Which API operations this server has, read once from /openapi.json, so screens show a panel
// only when the endpoint behind it exists (later domains light their panels up by landing).
import { useQuery } from '@tanstack/react-query';

export type Operation = `${'get' | 'post' | 'put' | 'patch' | 'delete'} ${string}`;

export function useApiOperations() {
  return useQuery({
    queryKey: ['openapi-operations'],
    staleTime: Infinity,
    queryFn: async () => {
      const res = await fetch('/openapi.json', { credentials: 'same-origin' });
      if (!res.ok) throw new Error(`openapi.json: ${res.status}`);
      const doc = (await res.json()) as { paths?: Record<string, Record<string, unknown>> };
      return new Set(Object.entries(doc.paths ?? {}).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method} ${path}` as Operation)));
    },
  });
}
