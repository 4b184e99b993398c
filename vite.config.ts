import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { earlyBundleProblems } from './src/renderer/app/early-bundle-limits';
import { CONSOLE_CODE_META } from './src/renderer/app/early-dom';
import { inlineBlocksOf } from './src/shared/domain/app-shell';

const ROOT = fileURLToPath(new URL('.', import.meta.url));
const EARLY_ENTRY = fileURLToPath(new URL('./src/renderer/early.ts', import.meta.url));

/** The blocks written into the page, checked against the page emitted (pageAsWritten). */
interface InlineBlocks {
  scripts: string[];
  styles: string[];
}

/**
 * Text that would make the browser read an inline block otherwise than pagePolicy hashes it (a CR
 * it turns into LF, a NUL it replaces, an end tag or a comment opening that ends or hides the
 * element early): such a block would be refused by the CSP, so the build refuses it first.
 */
function refuseUnhashable(what: string, text: string, endTag: string): void {
  const found = ['\r', '\0', '<!--', '<script', endTag].find((bad) => text.toLowerCase().includes(bad));
  if (found !== undefined) throw new Error(`${what} contains ${JSON.stringify(found)} and cannot be written into the page`);
}

/**
 * The early script (src/renderer/early.ts), bundled on its own and written into index.html itself, a
 * classic script at the end of the body: it runs the moment the parser reaches it, with #root
 * parsed and the page's stylesheet (inlined too, below) applied, so its requests to core leave
 * before anything else of the page is even fetched. Served as a file (`async` from the head), it
 * arrived 30-80 ms after the page on a cold load and then waited behind the parser and the entry
 * module (docs/ARCHITECTURE.md). The CSP lets it in by its hash, computed from the page served
 * (shared/domain/app-shell.ts). It hands its answers over through the page's global object
 * (transport/early-handoff.ts). The build fails if it brings zod, React or any package not allowed,
 * or outgrows its ceiling (app/early-bundle-limits.ts).
 */
function earlyEntry(written: InlineBlocks): Plugin {
  let source = '';
  return {
    name: 'watchroom-early-entry',
    apply: 'build',
    async buildStart() {
      const bundled = await build({
        entryPoints: [EARLY_ENTRY],
        bundle: true,
        format: 'iife',
        minify: true,
        write: false,
        target: 'es2022',
        metafile: true,
        // Module paths in the metafile relative to the repository, as the refusals name them.
        absWorkingDir: ROOT,
      });
      const output = bundled.outputFiles[0];
      const entry = Object.values(bundled.metafile.outputs)[0]?.entryPoint;
      if (output === undefined || entry === undefined) throw new Error('the early entry was not built');
      const problems = earlyBundleProblems(bundled.metafile.inputs, entry, output.contents.byteLength);
      if (problems.length > 0) throw new Error(`the early script (${entry}) ${problems.join('; and ')}`);
      source = output.text.trimEnd();
      refuseUnhashable('the early script', source, '</script');
      written.scripts = [source];
    },
    transformIndexHtml: {
      order: 'post',
      handler: () => [{ tag: 'script', children: source, injectTo: 'body' }],
    },
  };
}

/**
 * The page's stylesheets (the shared styles and everything the board's and the wall's first screens
 * use: main.tsx imports them all, app/first-screen-styles.ts), written into the page as one <style> each, in their order. Linked,
 * they were a second round trip before any frame could be painted; the CSP lets them in by hash.
 * Each keeps a `disabled` link to its file, which the browser neither fetches nor applies: vite's
 * loader of a lazy page lists the entry's stylesheet among the page's needs and links any it does
 * not find linked, which would fetch it and apply it again after the page's own stylesheet.
 */
function stylesInPage(written: InlineBlocks): Plugin {
  return {
    name: 'watchroom-styles-in-page',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: (html, { bundle }) =>
        html.replace(/<link rel="stylesheet" crossorigin href="\.\/([^"]+\.css)">/g, (link, fileName: string) => {
          const asset = bundle?.[fileName];
          if (asset?.type !== 'asset' || typeof asset.source !== 'string') throw new Error(`the stylesheet ${fileName} was not built`);
          const css = asset.source.trimEnd();
          refuseUnhashable(fileName, css, '</style');
          written.styles.push(css);
          return `<style>${css}</style>${link.replace('<link ', '<link disabled ')}`;
        }),
    },
  };
}

/**
 * The page as emitted holds exactly the inline blocks written above, read as pagePolicy reads them
 * (and no comment, where a block-shaped text would be hashed without being run): otherwise its
 * policy would refuse them, or let in text the browser never runs.
 */
function pageAsWritten(written: InlineBlocks): Plugin {
  return {
    name: 'watchroom-page-as-written',
    apply: 'build',
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const page = bundle['index.html'];
        if (page?.type !== 'asset' || typeof page.source !== 'string') throw new Error('index.html was not emitted');
        if (page.source.includes('<!--'))
          throw new Error('index.html holds a comment: its inline blocks could not be read as the browser reads them');
        const found = inlineBlocksOf(page.source);
        if (JSON.stringify(found) !== JSON.stringify(written))
          throw new Error('index.html does not hold exactly the inline script and stylesheets written into it');
      },
    },
  };
}

/** The early script and the stylesheets written into the page, and the check of what was emitted. */
function inlinePage(): Plugin[] {
  const written: InlineBlocks = { scripts: [], styles: [] };
  return [earlyEntry(written), stylesInPage(written), pageAsWritten(written)];
}

const CONSOLE_MAIN = 'src/renderer/console-main.tsx';

/**
 * main.tsx is tiny and imports the console (console-main.tsx) only once the early script's board is
 * painted. Every stylesheet the console's own chunk would bring is imported by main.tsx instead
 * (app/first-screen-styles.ts), so
 * it is in the page (stylesInPage): a chunk stylesheet would be fetched by the import, after the
 * paint, and restyle the page then. The console's code is not preloaded from the head: its ~20
 * files (even at low priority) took the connections to core and the CPU before the early script
 * had asked (docs/ARCHITECTURE.md). The page names them in a meta tag instead: the early script
 * preloads them at once for a page React draws first (app/early-dom.ts), and a page it paints leaves
 * them to main.tsx's import after the paint.
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
        const visit = (fileName: string) => {
          const chunk = byFile.get(fileName);
          if (chunk === undefined || files.includes(fileName)) return;
          files.push(fileName);
          chunk.imports.forEach(visit);
          // The entry's stylesheet is in the page; any other chunk's would come only with the import.
          const styles = chunk.isEntry ? [] : [...(chunk.viteMetadata?.importedCss ?? [])];
          if (styles.length > 0)
            throw new Error(
              `${fileName} brings its own stylesheet (${styles.join(', ')}): import that CSS from src/renderer/app/first-screen-styles.ts`,
            );
        };
        visit(consoleMain.fileName);
        // The entry's own script is in the page already.
        const notInPage = (file: string) => !html.includes(`./${file}"`);
        return [
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
  plugins: [react(), ...inlinePage(), consoleInHead()],
  build: {
    outDir: '../../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
  server: { port: 5173, strictPort: true },
});
