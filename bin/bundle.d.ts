/** Whether dist/<name>.mjs is newer than every source file it was built from (see bundle.js). */
export function bundleIsCurrent(root: string, name: string): boolean;
