// Whether an analyst command should run again with glibc's malloc asking for transparent huge
// pages (GLIBC_TUNABLES=glibc.malloc.hugetlb=1). `tenure clv` on a 1M-customer log (111 MB)
// writes ~350 MB of memory it has just allocated, and each 4 KB page faults on first touch:
// ~72,000 faults at ~11 µs each on the virtual machines we run on. With the tunable, malloc's
// large buffers come in 2 MB pages and the faults fall to ~35,000 (V8's own heap is not malloc's):
// ~0.25 s less wall time, 0.5 s less CPU. glibc reads the tunable only at start-up, and a second
// start of node costs ~0.13 s, which the huge pages repay from about 60 MB of input (~2 ms a MB),
// so: only on Linux with glibc, with transparent huge pages in `madvise` mode (in `always` mode
// there is nothing to ask, in `never` nothing to get), for a file of 64 MB or more among the
// arguments, unless the caller set the tunable already.
// With huge pages, each time malloc's heap grew (V8's compiler zones, buffers) it faulted in a
// fresh 2 MB page, zeroed, and each time it was trimmed back the next growth did it again: the
// re-run also has the heap grow 32 MB at a time and be trimmed only past 512 MB (top_pad,
// trim_threshold; each only when the caller has not set it). At 1M customers, alternated on the
// child alone: 25,300 → 17,400 page faults, sys 0.31 → 0.18 s, wall 1.40 → 1.02 s, CPU 1.76 →
// 1.52 s, peak memory 274 → 292 MB.
import fs from 'node:fs';
import { availableParallelism } from 'node:os';

const tunables = ['glibc.malloc.hugetlb=1', 'glibc.malloc.top_pad=33554432', 'glibc.malloc.trim_threshold=536870912'];
export const hugePageTunable = tunables.join(':');
const largeFile = 64 << 20;

/**
 * Node flags for that second start: `tenure clv` reads and fits on two threads (the main one and
 * the reading worker), which fill a machine of fewer than four cores, and V8's background compiler
 * then competes with both; compiling a hot function on the thread that runs it costs less
 * (measured at 1M customers on 2 cores: 1.32–1.38 against 1.49–1.50 s, CPU 2.1 against 2.4 s).
 * The other analyst commands run on one thread and leave a core to the compiler.
 */
export const rerunFlags = (command, cores = availableParallelism()) =>
  command === 'clv' && cores < 4 ? ['--no-concurrent-recompilation'] : [];

/** Whether an argument that is not an option names a file of `bytes` or more. */
export const fileOfAtLeast = (args, bytes) =>
  args.some((a) => !a.startsWith('-') && (fs.statSync(a, { throwIfNoEntry: false })?.size ?? 0) >= bytes);

/** The environment to run again with, or null to run as is. */
export function hugePagesEnv(args, env, system = {}) {
  const linux = system.platform ?? process.platform;
  if (linux !== 'linux' || (env.GLIBC_TUNABLES ?? '').includes('glibc.malloc.hugetlb')) return null;
  if (!fileOfAtLeast(args, largeFile)) return null;
  const mode = system.thpMode ?? readThpMode();
  if (mode !== 'madvise' || !(system.glibc ?? glibc())) return null;
  const chosen = env.GLIBC_TUNABLES ? env.GLIBC_TUNABLES.split(':') : [];
  const named = (t) => t.slice(0, t.indexOf('='));
  const added = tunables.filter((t) => !chosen.some((c) => named(c) === named(t)));
  return { ...env, GLIBC_TUNABLES: [...chosen, ...added].join(':') };
}

/** The bracketed mode of /sys/kernel/mm/transparent_hugepage/enabled (always, madvise, never), or null. */
function readThpMode() {
  try {
    return /\[(\w+)\]/.exec(fs.readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8'))?.[1] ?? null;
  } catch {
    return null;
  }
}

// glibc's C library is libc.so.6 (musl's is ld-musl-*.so.1); reading the process's own maps takes
// ~1 ms, process.report.getReport() ~8.
const glibc = () => {
  try {
    return fs.readFileSync('/proc/self/maps', 'utf8').includes('/libc.so.6');
  } catch {
    return false;
  }
};
