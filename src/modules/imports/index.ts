// The imports domain's public surface.
export * from './fields.ts';
export type { ImportAdapter, ImportEntity, ImportRowError, NumberedRow, ParsedRow } from './imports.adapter.ts';
export { importEntities } from './imports.schema.ts';
export {
  checkHeader,
  ImportFileError,
  ImportLeaseLostError,
  type ImportSummary,
  type RowError,
  runImport,
} from './imports.engine.ts';
export {
  claimImport,
  deleteImportScratch,
  findImport,
  failStalledImport,
  failureColumns,
  findStalledImports,
  type ImportRow,
  insertImport,
  readImportChunk,
  requeueStalledImport,
  runError,
  updateImport,
} from './imports.sources.ts';
export { isImportUpload, importsRoutes } from './imports.routes.ts';
export { RUN_IMPORT_JOB } from './imports.service.ts';
export { importEraser } from './imports.privacy.ts';
