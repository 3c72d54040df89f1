// Owns id generation: time-ordered UUIDv7 keep b-tree inserts local at millions of rows.
import { uuidv7 } from 'uuidv7';

export const newId = (): string => uuidv7();
