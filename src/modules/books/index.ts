// The books domain's public surface: routes, who may see whose figures, and the book retention
// figures the people scoreboard reads.
export * from './books.dto.ts';
export { assertMaySee, assertSeesEveryone, me, seesEveryone, type Viewer } from './books.access.ts';
export { booksRoutes, viewerOf } from './books.routes.ts';
export {
  assignCustomers,
  bookRetentionOf,
  hasBookHistory,
  periodOf,
  reassignBook,
  setCapacity,
} from './books.service.ts';
export { planSpread, retentionVsExpected } from './books.math.ts';
export { bookDataSections, bookEraser } from './books.privacy.ts';
export { mergePinnedTables } from './books.merge.ts';
