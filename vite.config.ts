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

const CONSOLE_MAIN = 'src/renderer/console-main.tsx';

/**
 * main.tsx is tiny and imports the console (console-main.tsx) only once the early script's board is
 * painted: the console's code, and the stylesheets its first screen needs, are still fetched from
 * the start, as when main.tsx imported them, by links in the page's head. The stylesheets block
 * the first paint as before (the painted board needs the board's styles); the code does not run
 * until main.tsx imports it.
 */
function preloadConsole(): Plugin {
  return {
    name: 'watchroom-preload-console',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: (html, { bundle }) => {
        const chunks = Object.values(bundle ?? {}).filter((output) => output.type === 'chunk');
        const byFile = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
        const consoleMain = chunks.find((chunk) => chunk.facadeModuleId?.endsWith(CONSOLE_MAIN) === true);
        if (consoleMain === undefined) throw new Error(`${CONSOLE_MAIN} was not built as a chunk of its own`);
        const files: string[] = [];
        const styles: string[] = [];
        const visit = (fileName: string) => {
          const chunk = byFile.get(fileName);
          if (chunk === undefined || files.includes(fileName)) return;
          files.push(fileName);
          chunk.imports.forEach(visit);
          for (const css of chunk.viteMetadata?.importedCss ?? []) if (!styles.includes(css)) styles.push(css);
        };
        visit(consoleMain.fileName);
        // The entry's own script and stylesheet are in the page already.
        const notInPage = (file: string) => !html.includes(`./${file}"`);
        return [
          ...styles.filter(notInPage).map((href) => ({
            tag: 'link',
            attrs: { rel: 'stylesheet', crossorigin: true, href: `./${href}` },
            injectTo: 'head' as const,
          })),
          // Low priority: on HTTP/1.1 these ~20 requests held every connection to core when the early
          // script's token exchange came, which then waited behind them (250 ms in a quiet trace), and
          // their compiling competed for the CPU with the early paint; the code runs only after it.
          ...files.filter(notInPage).map((href) => ({
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, fetchpriority: 'low', href: `./${href}` },
            injectTo: 'head' as const,
          })),
        ];
      },
    },
  };
}

export default defineConfig({
  root: 'src/renderer',
  base: './',
  plugins: [react(), earlyEntry(), preloadConsole()],
  build: {
    outDir: '../../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
  server: { port: 5173, strictPort: true },
});
