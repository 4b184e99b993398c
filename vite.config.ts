import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { CONSOLE_CODE_META } from './src/renderer/app/early-dom';

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
 * painted. The stylesheets that first screen needs are linked in the page's head, so they block the
 * first paint as before (the painted board needs the board's styles). The console's code is not
 * preloaded from the head: its ~20 files (even at low priority) took the connections to core and
 * the CPU before the early script was even fetched, which put the painted board 80-170 ms later on
 * a shared 2-core machine (docs/ARCHITECTURE.md). The page names them in a meta tag instead, and the
 * early script preloads them once its own requests to core are out (app/early-dom.ts), so they are
 * fetched while the page waits for core's answer, not after the paint.
 */
function consoleInHead(): Plugin {
  return {
    name: 'watchroom-console-in-head',
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
          {
            tag: 'meta',
            attrs: {
              name: CONSOLE_CODE_META,
              content: files
                .filter(notInPage)
                .map((file) => `./${file}`)
                .join(' '),
            },
            injectTo: 'head' as const,
          },
        ];
      },
    },
  };
}

export default defineConfig({
  root: 'src/renderer',
  base: './',
  plugins: [react(), earlyEntry(), consoleInHead()],
  build: {
    outDir: '../../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
  server: { port: 5173, strictPort: true },
});
