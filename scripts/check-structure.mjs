// `npm run check:structure` (also run by `npm run lint` and `npm test`): fails on an import circle.
// Which folder may import which is the layering lint rule's job (eslint-rules/layering.js: a
// capability never imports another, a page never imports another page); a circle can only be
// seen on the whole graph, so it is checked here. Two graphs: the files of src/, and the folders
// of src/core (a circle between capability folders through their index.ts files is a circle too).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
// A folder laid out like src/ may be given instead (the script's own test does).
const src = process.argv[2] ? path.resolve(process.argv[2]) : path.join(root, 'src');
const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'"`;]*?from\s+['"]([^'"]+)['"]|(?:^|\n)\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'migrations' ? [] : sourceFiles(full);
    return /\.(ts|tsx)$/.test(name) && !/\.d\.ts$/.test(name) ? [full] : [];
  });
}

function resolveImport(from, specifier) {
  if (!specifier.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** Strongly connected components with more than one node, or a node importing itself (Tarjan). */
function circles(graph) {
  let index = 0;
  const stack = [];
  const state = new Map();
  const found = [];
  function visit(node) {
    state.set(node, { index, low: index, onStack: true });
    index += 1;
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!state.has(next)) {
        visit(next);
        state.get(node).low = Math.min(state.get(node).low, state.get(next).low);
      } else if (state.get(next).onStack) {
        state.get(node).low = Math.min(state.get(node).low, state.get(next).index);
      }
    }
    if (state.get(node).low === state.get(node).index) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        state.get(member).onStack = false;
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? new Set()).has(node)) found.push(component.sort());
    }
  }
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return found;
}

const files = sourceFiles(src);
const fileGraph = new Map(files.map((file) => [file, new Set()]));
const folderGraph = new Map();
const coreFolderOf = (file) => {
  const relative = path.relative(path.join(src, 'core'), file).split(path.sep);
  return relative[0] === '..' || relative.length < 2 ? null : relative[0];
};
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  for (const match of text.matchAll(IMPORT)) {
    const target = resolveImport(file, match[1] ?? match[2] ?? match[3]);
    if (target === null || !fileGraph.has(target)) continue;
    // A type-only import still ties the modules' meaning together, so it counts.
    fileGraph.get(file).add(target);
    const [from, to] = [coreFolderOf(file), coreFolderOf(target)];
    if (from !== null && to !== null && from !== to && !/\.test\.tsx?$/.test(file)) {
      if (!folderGraph.has(from)) folderGraph.set(from, new Set());
      folderGraph.get(from).add(to);
    }
  }
}

const problems = [
  ...circles(fileGraph).map((component) => `import circle between files: ${component.map((f) => path.relative(src, f)).join(' → ')}`),
  ...circles(folderGraph).map((component) => `import circle between core folders: ${component.map((f) => `core/${f}`).join(' → ')}`),
];
for (const problem of problems) console.error(problem);
console.log(`check:structure: ${files.length} files, ${folderGraph.size} core folders, ${problems.length} circle(s)`);
process.exit(problems.length === 0 ? 0 : 1);
