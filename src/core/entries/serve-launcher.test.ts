import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

describe('the launcher (dist/core/serve.mjs, dist/core/hub.mjs)', () => {
  it('loads no package before the Node version check: a bundle would hoist the SQLite driver above it', async () => {
    // The same bundling as scripts/build-node.mjs.
    const result = await build({
      entryPoints: [fileURLToPath(new URL('./serve-launcher.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: 'esm',
      packages: 'external',
      write: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]?.text ?? '';
    expect(code).not.toMatch(/^\s*import\s/m);
    expect(code).not.toContain('better-sqlite3');
    expect(code.indexOf('nodeVersionProblem(process.versions.node)')).toBeLessThan(code.indexOf('-main.mjs'));
  });
});
