// The tasks domain's part of a data-subject export and erasure: titles and outcomes are free text.
import { and, eq, sql } from 'drizzle-orm';
import { type CustomerDataSection, type CustomerEraser, tableSection } from '../../db/customer-data.ts';
import { tasks } from './tasks.schema.ts';

export const taskDataSections: CustomerDataSection[] = [
  tableSection('tasks', tasks, tasks.id, (r) => eq(tasks.customerId, r.customerId)),
];

export const taskEraser: CustomerEraser = {
  name: 'tasks',
  async erase(tx, s) {
    await tx
      .update(tasks)
      .set({ title: '[erased]', outcome: sql`case when ${tasks.outcome} is null then null else '[erased]' end` })
      .where(and(eq(tasks.workspaceId, s.workspaceId), eq(tasks.customerId, s.customerId)));
  },
};
