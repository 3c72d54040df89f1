// Owns the task status machine as data: open → done (with an outcome) | cancelled; a closed task
// may be reopened. Anything else is refused with a 409 naming the allowed next states.
import { AppError } from '../../errors.ts';
import type { TaskStatus } from './tasks.schema.ts';

export const nextTaskStatuses: Record<TaskStatus, readonly TaskStatus[]> = {
  open: ['done', 'cancelled'],
  done: ['open'],
  cancelled: ['open'],
};

export function assertTaskMove(from: TaskStatus, to: TaskStatus): void {
  const next = nextTaskStatuses[from];
  if (next.includes(to)) return;
  throw new AppError('conflict', `A task that is ${from} cannot become ${to}; it can become ${next.join(' or ')}`);
}
