// A process and its descendants, read from Linux /proc: the tests find the `tenure` processes a
// process started, and the benchmarks sum their peak memory. Elsewhere (no /proc) only the root.
import fs from 'node:fs';

export function processTree(root: number): number[] {
  if (!fs.existsSync('/proc/self/stat')) return [root];
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone while listed
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]) ?? []));
  return tree;
}
