// Bundles the Node-side entries: core (serve mode and Electron's utility process), the Electron
// main process and the preload. Server-side packages stay external and load from node_modules.
import { build } from 'esbuild';
import { cpSync, rmSync } from 'node:fs';

const common = { bundle: true, platform: 'node', target: 'node22', sourcemap: true, logLevel: 'warning', packages: 'external' };

rmSync('dist/core', { recursive: true, force: true });
rmSync('dist/main', { recursive: true, force: true });
rmSync('dist/preload', { recursive: true, force: true });

await Promise.all([
  build({
    ...common,
    // The backup worker sits beside the entries: core/backups/archive/worker.ts loads archive-worker.mjs from there.
    // serve.mjs is a small launcher that checks the Node version before serve-main.mjs loads the SQLite driver.
    entryPoints: {
      serve: 'src/core/entries/serve-launcher.ts',
      'serve-main': 'src/core/entries/serve.ts',
      // The hub starts the same way: hub.mjs checks the Node version, then loads hub-main.mjs.
      hub: 'src/core/entries/serve-launcher.ts',
      'hub-main': 'src/core/entries/hub.ts',
      utility: 'src/core/entries/utility.ts',
      'checkpoint-worker': 'src/core/db/checkpoint-worker.ts',
      'archive-worker': 'src/core/backups/archive/worker-entry.ts',
      // core/probes/kinds/probe-thread.ts loads probe-worker.mjs from beside the entries.
      'probe-worker': 'src/core/probes/kinds/probe-thread-entry.ts',
    },
    outdir: 'dist/core',
    format: 'esm',
    outExtension: { '.js': '.mjs' },
  }),
  build({
    ...common,
    entryPoints: { main: 'src/main/main.ts' },
    outdir: 'dist/main',
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    external: ['electron'],
  }),
  // The preload runs in a sandboxed renderer: one self-contained CommonJS file, zod bundled in.
  build({
    ...common,
    packages: undefined,
    entryPoints: { preload: 'src/preload/preload.ts' },
    outdir: 'dist/preload',
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    external: ['electron'],
  }),
]);
cpSync('src/core/db/migrations', 'dist/core/migrations', { recursive: true });
