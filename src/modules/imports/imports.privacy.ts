// The imports domain's part of an erasure: error rows quote the file's cells, with no customer id
// (the row may have failed before a customer existed), so those that mention the person go.
import { and, eq } from 'drizzle-orm';
import { type CustomerEraser, mentions } from '../../db/customer-data.ts';
import { importErrors, imports } from './imports.schema.ts';

export const importEraser: CustomerEraser = {
  name: 'imports',
  async erase(tx, s) {
    await tx
      .delete(importErrors)
      .where(and(eq(importErrors.workspaceId, s.workspaceId), mentions(importErrors.message, s.needles)));
    await tx
      .update(imports)
      .set({ warnings: [] })
      .where(and(eq(imports.workspaceId, s.workspaceId), mentions(imports.warnings, s.needles)));
  },
};
