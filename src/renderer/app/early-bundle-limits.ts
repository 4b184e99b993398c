/**
 * What the early script (src/renderer/early.ts, written into index.html by vite.config.ts) may hold.
 * It runs inline before the first paint, on every load: its worth is running before React, zod and
 * the pages are evaluated (about 200 ms), so it must not bring any of them, and every byte of it is
 * in the page itself. The build refuses a bundle that breaks these rules (plugin `watchroom-early-entry`).
 */

/** Never in the early script, even if allowed below: evaluating them is what it exists to run before. */
const NEVER_EARLY = ['zod', 'react', 'react-dom'];

/** Packages the early script may bundle: none today, its modules are all the project's own. */
const EARLY_PACKAGES_ALLOWED: readonly string[] = [];

/** The minified early script's ceiling: about 34 kB with its three paints, so there is room for a fourth, not a library. */
export const EARLY_SCRIPT_MAX_BYTES = 48_000;

/** Each module of a bundle with the paths it imports, keyed by path (esbuild's `metafile.inputs`). */
export type ModuleGraph = Readonly<Record<string, { readonly imports: readonly { readonly path: string }[] }>>;

/** The package a module path lies in (the last node_modules folder's next name, with its scope), or null for the project's own. */
function packageOf(modulePath: string): string | null {
  const at = modulePath.lastIndexOf('node_modules/');
  if (at === -1) return null;
  const [first = '', second = ''] = modulePath.slice(at + 'node_modules/'.length).split('/');
  return first.startsWith('@') ? `${first}/${second}` : first;
}

/** The shortest chain of imports from the entry to every module it reaches (breadth first). */
function chainsFrom(graph: ModuleGraph, entry: string): Map<string, readonly string[]> {
  const chains = new Map<string, readonly string[]>([[entry, [entry]]]);
  const queue = [entry];
  // An array's iterator also reaches what is pushed while iterating: the queue is walked to its end.
  for (const next of queue) {
    const chain = chains.get(next) ?? [next];
    for (const { path } of graph[next]?.imports ?? []) {
      if (chains.has(path)) continue;
      chains.set(path, [...chain, path]);
      queue.push(path);
    }
  }
  return chains;
}

/**
 * Why the early bundle must not be written into the page, one sentence per problem; none when it may.
 * A package is named once, with the shortest chain of imports that brings it, so the fix is plain.
 */
export function earlyBundleProblems(
  graph: ModuleGraph,
  entry: string,
  bytes: number,
  allowed: readonly string[] = EARLY_PACKAGES_ALLOWED,
): string[] {
  const problems: string[] = [];
  const chains = chainsFrom(graph, entry);
  const reported = new Set<string>();
  for (const modulePath of [...chains.keys(), ...Object.keys(graph)]) {
    const name = packageOf(modulePath);
    if (name === null || reported.has(name)) continue;
    if (allowed.includes(name) && !NEVER_EARLY.includes(name)) continue;
    reported.add(name);
    const what = NEVER_EARLY.includes(name) ? 'which it must never load' : 'a package not in EARLY_PACKAGES_ALLOWED';
    const chain = chains.get(modulePath) ?? [modulePath];
    problems.push(`loads ${name}, ${what}: ${chain.join(' → ')}`);
  }
  if (bytes > EARLY_SCRIPT_MAX_BYTES) {
    const count = new Intl.NumberFormat('en-US');
    problems.push(
      `is ${count.format(bytes)} bytes minified, above its ceiling of ${count.format(EARLY_SCRIPT_MAX_BYTES)}: it is inline in every page, parsed before the first paint`,
    );
  }
  return problems;
}
