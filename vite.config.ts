import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const EARLY_ENTRY = fileURLToPath(new URL('./src/renderer/early.ts', import.meta.url));

/**
 * The early script (src/renderer/early.ts) as an entry of its own, loaded ahead of the console's
 * code. A second module script in index.html would be bundled into the same entry and run only
 * after React and the contract were evaluated, which is what it exists to avoid.
 */
function earlyEntry(): Plugin {
  return {
    name: 'watchroom-early-entry',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, context) {
        const early = Object.values(context.bundle ?? {}).find(
          (chunk) => chunk.type === 'chunk' && chunk.isEntry && chunk.name === 'early',
        );
        if (early === undefined) throw new Error('the early entry was not built');
        return [{ tag: 'script', attrs: { type: 'module', crossorigin: true, src: `./${early.fileName}` }, injectTo: 'head-prepend' }];
      },
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
    rollupOptions: { input: { index: fileURLToPath(new URL('./src/renderer/index.html', import.meta.url)), early: EARLY_ENTRY } },
  },
  server: { port: 5173, strictPort: true },
});
