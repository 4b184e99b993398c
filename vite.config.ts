import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const EARLY_ENTRY = fileURLToPath(new URL('./src/renderer/early.ts', import.meta.url));

/**
 * The early script (src/renderer/early.ts), bundled on its own and loaded `async`, ahead of the
 * console's code. As a second entry of this build it shared a chunk with the console and waited for
 * it, that is for the whole first batch of the console's files, and as a deferred script for the
 * stylesheet too (100-150 ms on a busy core); a second module script in index.html would run only
 * after React and the contract were evaluated. It hands its answers over through the page's global
 * object (transport/early-handoff.ts).
 */
function earlyEntry(): Plugin {
  let fileName = '';
  return {
    name: 'watchroom-early-entry',
    apply: 'build',
    async buildStart() {
      const bundled = await build({
        entryPoints: [EARLY_ENTRY],
        bundle: true,
        format: 'esm',
        minify: true,
        write: false,
        target: 'es2022',
      });
      const source = bundled.outputFiles[0]?.text;
      if (source === undefined) throw new Error('the early entry was not built');
      fileName = `assets/early-${createHash('sha256').update(source).digest('hex').slice(0, 8)}.js`;
      this.emitFile({ type: 'asset', fileName, source });
    },
    transformIndexHtml: {
      order: 'post',
      handler: () => [
        { tag: 'script', attrs: { type: 'module', async: true, crossorigin: true, src: `./${fileName}` }, injectTo: 'head-prepend' },
      ],
    },
  };
}

export default defineConfig({
  root: 'src/renderer',
  base: './',
  plugins: [react(), earlyEntry()],
  build: {
    outDir: '../../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
  server: { port: 5173, strictPort: true },
});
