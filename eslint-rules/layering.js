// The import matrix of DESIGN.md as a lint rule: which folder of src/ may import which, plus the
// few Electron APIs that may be touched in exactly one file each.
import { builtinModules } from 'node:module';
import path from 'node:path';

const NODE_BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/** Packages only a Node process may load (native code, servers, files, logs). */
const SERVER_PACKAGES = ['better-sqlite3', 'drizzle-orm', 'drizzle-kit', 'pino', 'socket.io', 'nodemailer', 'esbuild'];
const BROWSER_ONLY_PACKAGES = [
  'react',
  'react-dom',
  'socket.io-client',
  'zustand',
  '@tanstack/react-query',
  'recharts',
  '@tanstack/react-virtual',
];

/** layer -> rule for a bare package name; returns a message when forbidden. */
const PACKAGE_RULES = {
  // re2js is pure JavaScript: core and the renderer must check user-written patterns with one engine.
  // zxcvbn-ts is pure JavaScript too: the password strength meter estimates the same way wherever it is shown.
  shared: (name) =>
    name === 'zod' || name === 're2js' || name.startsWith('@zxcvbn-ts/')
      ? null
      : `src/shared may import only zod, re2js, zxcvbn-ts and itself, not "${name}"`,
  core: (name, relative) =>
    name === 'electron'
      ? 'src/core never imports electron: it must run in plain Node (serve mode, tests)'
      : // A console's core is a socket.io client of its hub, in that one folder.
        name === 'socket.io-client' && relative.startsWith('core/hub-link/')
        ? null
        : BROWSER_ONLY_PACKAGES.includes(name)
          ? `src/core must not import the browser package "${name}"`
          : null,
  main: (name) => (BROWSER_ONLY_PACKAGES.includes(name) ? `src/main must not import the browser package "${name}"` : null),
  preload: (name) =>
    name === 'electron' || name === 'zod' ? null : `src/preload may import only electron, zod and src/shared/contract, not "${name}"`,
  renderer: (name) =>
    name === 'electron' || SERVER_PACKAGES.includes(name) ? `src/renderer must not import "${name}": core does all I/O` : null,
};

/** layer -> layers it may import from (by relative path). */
const LAYER_RULES = {
  shared: ['shared'],
  core: ['shared', 'core'],
  main: ['shared', 'core', 'main'],
  preload: ['shared/contract', 'preload'],
  renderer: ['shared', 'renderer'],
};

/**
 * Inside core, each folder is of one kind. Foundations (the store, the log, the audit chain, the
 * dispatcher and its types) import only foundations; a capability imports only foundations, never
 * another capability (they meet through ports the composition root wires); transport serves the
 * dispatcher; app is the composition root; entries start processes. A new folder must be given a kind.
 */
const CORE_FOLDER_KINDS = {
  db: 'foundation',
  logging: 'foundation',
  audit: 'foundation',
  settings: 'foundation',
  health: 'foundation',
  'disk-space': 'foundation',
  service: 'foundation',
  // The hub's change feed and a console's replica: generic over the replicated tables, so it reads and writes them itself.
  replication: 'foundation',
  probes: 'capability',
  alerts: 'capability',
  incidents: 'capability',
  backups: 'capability',
  people: 'capability',
  // The link of a console's core to its hub: the store's counterpart over the network, which the composition root wires.
  'hub-link': 'foundation',
  seats: 'capability',
  // Shift handover (issue 15): meets incidents, alerts, backups and probes through ports core/app wires.
  handovers: 'capability',
  // Reports read roll-ups, incidents, alerts and backups through the store; security events and the chain through ports.
  reports: 'capability',
  transport: 'transport',
  app: 'app',
  entries: 'entries',
};
const CORE_KIND_MAY_IMPORT = {
  foundation: ['foundation'],
  capability: ['foundation'],
  transport: ['foundation'],
  app: ['foundation', 'capability'],
  entries: ['foundation', 'capability', 'transport', 'app', 'entries'],
};

function coreImportProblem(from, to) {
  const fromKind = CORE_FOLDER_KINDS[from];
  const toKind = CORE_FOLDER_KINDS[to];
  if (!fromKind) return `core/${from} has no kind in eslint-rules/layering.js (foundation, capability, transport, app or entries)`;
  if (!toKind) return `core/${to} has no kind in eslint-rules/layering.js (foundation, capability, transport, app or entries)`;
  if (CORE_KIND_MAY_IMPORT[fromKind].includes(toKind)) return null;
  if (fromKind === 'capability' && toKind === 'capability')
    return `core/${from} must not import core/${to}: capabilities meet only through ports that core/app wires`;
  return `core/${from} (${fromKind}) must not import core/${to} (${toKind})`;
}

const ELECTRON_API_HOMES = {
  ipcMain: 'src/main/ipc.ts',
  safeStorage: 'src/main/keystore.ts',
  shell: 'src/main/external.ts',
};

function packageName(source) {
  if (source.startsWith('@')) return source.split('/').slice(0, 2).join('/');
  return source.split('/')[0];
}

function locate(absolutePath, srcRoot) {
  const relative = path.relative(srcRoot, absolutePath).split(path.sep).join('/');
  if (relative.startsWith('..')) return null;
  const [layer, second] = relative.split('/');
  return { layer, second, relative };
}

export default {
  meta: {
    type: 'problem',
    docs: { description: "Enforces DESIGN.md's import matrix between src/ folders" },
    schema: [],
  },
  create(context) {
    const filename = context.filename ?? context.getFilename();
    const srcRoot = path.join(context.cwd ?? process.cwd(), 'src');
    const here = locate(filename, srcRoot);
    if (!here || !LAYER_RULES[here.layer]) return {};
    const isTest = /\.test\.tsx?$/.test(filename);
    const testSupport = path.join(srcRoot, '..', 'test', 'support');

    function check(node, source) {
      if (typeof source !== 'string') return;
      if (source.startsWith('.')) {
        const absolute = path.resolve(path.dirname(filename), source);
        // A test runs under Node and never ships: it may use the shared test support.
        if (isTest && (absolute === testSupport || absolute.startsWith(`${testSupport}${path.sep}`))) return;
        // The product version comes from the root package.json; nothing else outside src/ is imported.
        if (absolute === path.join(srcRoot, '..', 'package.json') && (here.layer === 'core' || here.layer === 'main')) return;
        const target = locate(absolute, srcRoot);
        if (!target) {
          context.report({ node, message: `src/${here.layer} must not import from outside src/ ("${source}")` });
          return;
        }
        const allowed = LAYER_RULES[here.layer].some((prefix) => target.relative === prefix || target.relative.startsWith(`${prefix}/`));
        if (!allowed) {
          context.report({ node, message: `src/${here.layer} must not import src/${target.layer} ("${source}")` });
          return;
        }
        if (here.layer === 'core' && target.layer === 'core' && here.second !== target.second) {
          const problem = coreImportProblem(here.second, target.second);
          if (problem) {
            context.report({ node, message: problem });
            return;
          }
        }
        // A page never imports another page: what two pages share lives in the renderer's kit folders
        // (components, forms, keyboard, format, api), which in turn never reach into a page. Only the app shell assembles pages.
        if (here.layer === 'renderer' && target.layer === 'renderer' && target.second === 'pages' && here.second !== 'app') {
          const [, , herePage] = here.relative.split('/');
          const [, , targetPage] = target.relative.split('/');
          if (here.second !== 'pages') {
            context.report({
              node,
              message: `only src/renderer/app imports pages; src/renderer/${here.second} must not import "${source}"`,
            });
          } else if (herePage !== targetPage) {
            context.report({
              node,
              message: `page ${herePage} must not import page ${targetPage} ("${source}"): move what they share out of pages/`,
            });
          }
          return;
        }
        // Inside core, a capability folder is reached only through its index.ts.
        if (here.layer === 'core' && target.layer === 'core' && here.second !== target.second && target.second !== 'entries') {
          const rest = target.relative.split('/').slice(2).join('/');
          if (rest !== '' && rest !== 'index' && rest !== 'index.ts') {
            context.report({ node, message: `import core/${target.second} through its index.ts, not "${source}"` });
          }
        }
        if (here.layer === 'main' && target.layer === 'core' && target.second !== 'entries') {
          const isTypeOnly = node.importKind === 'type' || node.exportKind === 'type';
          if (!isTypeOnly) context.report({ node, message: `src/main may import only core's entry paths and types, not "${source}"` });
        }
        return;
      }
      if (NODE_BUILTINS.has(source) || NODE_BUILTINS.has(source.split('/')[0])) {
        if (here.layer === 'shared' || here.layer === 'renderer' || here.layer === 'preload') {
          context.report({ node, message: `src/${here.layer} must not import Node's "${source}"` });
        }
        return;
      }
      // A test may use the test runner, and a client library to drive what it tests, wherever it lives.
      if (isTest && here.layer !== 'renderer' && here.layer !== 'shared') return;
      if (isTest && packageName(source) === 'vitest') return;
      const message = PACKAGE_RULES[here.layer](packageName(source), here.relative);
      if (message) context.report({ node, message });
      if (source === 'electron' && node.type === 'ImportDeclaration') {
        for (const specifier of node.specifiers) {
          const imported = specifier.type === 'ImportSpecifier' ? (specifier.imported.name ?? specifier.imported.value) : null;
          const home = imported ? ELECTRON_API_HOMES[imported] : undefined;
          if (home && `src/${here.relative}` !== home) {
            context.report({ node: specifier, message: `electron's ${imported} may be used only in ${home}` });
          }
          if (specifier.type !== 'ImportSpecifier' && here.layer === 'main') {
            context.report({
              node: specifier,
              message: 'import named Electron APIs ({ app, BrowserWindow, ... }) so their use can be checked',
            });
          }
        }
      }
    }

    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') {
          check(node, node.arguments[0].value);
        }
      },
      MemberExpression: (node) => {
        if (
          node.property.type === 'Identifier' &&
          node.property.name === 'openExternal' &&
          `src/${here.relative}` !== ELECTRON_API_HOMES.shell
        ) {
          context.report({ node, message: `shell.openExternal may be used only in ${ELECTRON_API_HOMES.shell}` });
        }
      },
    };
  },
};
