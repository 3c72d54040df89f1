// Whether an analyst command should run again with glibc's malloc asking for transparent huge
// pages (GLIBC_TUNABLES=glibc.malloc.hugetlb=1). `tenure clv` on a 1M-customer log writes ~350 MB
// of columns it has just allocated, and every 4 KB page costs a fault on first touch: ~87,000 of
// them, ~11 µs each on a virtual machine such as our CI's, a third of the command's CPU. In 2 MB
// pages the same columns fault a few hundred times. The kernel gives them only on request when
// transparent huge pages are in `madvise` mode (the usual default), glibc reads the tunable only
// at start-up, and a second start costs ~0.1 s, so: only on Linux with glibc, in that mode, for a
// file of 16 MB or more among the arguments, unless the caller set the tunable already.
import fs from 'node:fs';
import { availableParallelism } from 'node:os';

export const hugePageTunable = 'glibc.malloc.hugetlb=1';
const largeFile = 16 << 20;

/**
 * Node flags for that second start: `tenure clv` reads and fits on two threads (the main one and
 * the reading worker), which fill a machine of fewer than four cores, and V8's background compiler
 * then competes with both; compiling a hot function on the thread that runs it costs less
 * (measured at 1M customers on 2 cores: 1.32–1.38 against 1.49–1.50 s, CPU 2.1 against 2.4 s).
 * The other analyst commands run on one thread and leave a core to the compiler.
 */
export const rerunFlags = (command, cores = availableParallelism()) =>
  command === 'clv' && cores < 4 ? ['--no-concurrent-recompilation'] : [];

/** The environment to run again with, or null to run as is. */
export function hugePagesEnv(args, env, system = {}) {
  const linux = system.platform ?? process.platform;
  if (linux !== 'linux' || (env.GLIBC_TUNABLES ?? '').includes('glibc.malloc.hugetlb')) return null;
  if (!args.some((a) => !a.startsWith('-') && (fs.statSync(a, { throwIfNoEntry: false })?.size ?? 0) >= largeFile))
    return null;
  const mode = system.thpMode ?? readThpMode();
  if (mode !== 'madvise' || !(system.glibc ?? glibc())) return null;
  return { ...env, GLIBC_TUNABLES: env.GLIBC_TUNABLES ? `${env.GLIBC_TUNABLES}:${hugePageTunable}` : hugePageTunable };
}

/** The bracketed mode of /sys/kernel/mm/transparent_hugepage/enabled (always, madvise, never), or null. */
function readThpMode() {
  try {
    return /\[(\w+)\]/.exec(fs.readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8'))?.[1] ?? null;
  } catch {
    return null;
  }
}

const glibc = () => process.report.getReport().header.glibcVersionRuntime !== undefined;
