/** The glibc tunables asking malloc for transparent huge pages, and a heap that grows and is trimmed in large steps. */
export const hugePageTunable: string;
/** The environment to run an analyst command again with (huge pages for its large columns), or null to run as is (see huge-pages.js). */
export function hugePagesEnv(
  args: string[],
  env: Record<string, string | undefined>,
  system?: { platform?: string; thpMode?: string | null; glibc?: boolean },
): Record<string, string | undefined> | null;
/** Whether an argument that is not an option names a file of `bytes` or more. */
export function fileOfAtLeast(args: string[], bytes: number): boolean;
/** Node flags for that second start (see huge-pages.js). */
export function rerunFlags(command: string, cores?: number): string[];
