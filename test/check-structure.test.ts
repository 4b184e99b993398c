import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from './support/temp-dir';

const tempDir = useTempDirs();

/** Lays out files under a fresh src-like folder and runs the structure check on it. */
function checkTree(files: Record<string, string>): { status: number | null; output: string } {
  const src = join(tempDir(), 'src');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(src, path)), { recursive: true });
    writeFileSync(join(src, path), text);
  }
  const run = spawnSync(process.execPath, ['scripts/check-structure.mjs', src], { encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('npm run check:structure', () => {
  it('fails on an import circle between core folders, naming them', () => {
    const { status, output } = checkTree({
      'core/service/index.ts': `export { createCore } from '../app';\nexport const choke = 1;\n`,
      'core/app/index.ts': `import { choke } from '../service';\nexport const createCore = () => choke;\n`,
    });
    expect(status).toBe(1);
    expect(output).toContain('import circle between core folders: core/app → core/service');
  });

  it('fails on a circle of files anywhere in src, type-only imports included', () => {
    const { status, output } = checkTree({
      'renderer/a.ts': `import type { B } from './b';\nexport type A = B[];\n`,
      'renderer/b.ts': `import type { A } from './a';\nexport type B = A | null;\n`,
    });
    expect(status).toBe(1);
    expect(output).toContain('import circle between files: renderer/a.ts → renderer/b.ts');
  });

  it('passes a tree whose imports only go one way, and the real src', () => {
    expect(
      checkTree({
        'core/service/index.ts': `export const choke = 1;\n`,
        'core/app/index.ts': `import { choke } from '../service';\nexport const createCore = () => choke;\n`,
      }).status,
    ).toBe(0);
    expect(spawnSync(process.execPath, ['scripts/check-structure.mjs'], { encoding: 'utf8' }).status).toBe(0);
  });
});
