// Owns who may see whose figures (books and people): owners, admins and managers see everyone's;
// anyone else sees only their own (and, in people, their team's totals). Otherwise 403.
import { AppError } from '../../errors.ts';
import type { Role } from '../users/index.ts';

export type Viewer = { role: Role; personId: string | null; label: string };

export const seesEveryone = (v: Viewer): boolean => v.role === 'owner' || v.role === 'admin' || v.role === 'manager';

export function assertMaySee(v: Viewer, userId: string): void {
  if (seesEveryone(v) || v.personId === userId) return;
  throw new AppError('forbidden', "You can see your own figures and your team's totals, not another person's");
}

export function assertSeesEveryone(v: Viewer): void {
  if (!seesEveryone(v)) throw new AppError('forbidden', "Only owners, admins and managers see everyone's figures");
}

export function me(v: Viewer): string {
  if (!v.personId) throw new AppError('forbidden', 'This needs a signed-in person (or a token made by one)');
  return v.personId;
}
