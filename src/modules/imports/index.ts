// The imports domain's public surface.
export * from './fields.ts';
export type { ImportAdapter, ImportEntity, ImportRowError, NumberedRow, ParsedRow } from './imports.adapter.ts';
export { importEntities } from './imports.schema.ts';
export { ImportFileError, type ImportSummary, type RowError, runImport } from './imports.engine.ts';
export { findImport, insertImport, listImportErrors, updateImport } from './imports.repository.ts';
