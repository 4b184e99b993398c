import { ESLint } from 'eslint';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

/** Lints code as if it lived at filePath, and returns the layering messages. */
async function layeringErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'watchroom/layering').map((m) => m.message);
}

describe('the import rules of DESIGN.md bite', () => {
  it('fails a core file that imports electron (the fixture)', async () => {
    const fixture = readFileSync('test/fixtures/lint/core-imports-electron.ts', 'utf8');
    expect(await layeringErrors(fixture, 'src/core/probes/fixture.ts')).toEqual([
      'src/core never imports electron: it must run in plain Node (serve mode, tests)',
    ]);
  });

  it('fails shared code that touches Node or core', async () => {
    expect(await layeringErrors(`import { readFileSync } from 'node:fs';`, 'src/shared/domain/x.ts')).toEqual([
      `src/shared must not import Node's "node:fs"`,
    ]);
    expect(await layeringErrors(`import { createHash } from 'crypto';`, 'src/shared/domain/x.ts')).toHaveLength(1);
    expect(await layeringErrors(`import { createCore } from '../../core/service';`, 'src/shared/domain/x.ts')).toEqual([
      'src/shared must not import src/core ("../../core/service")',
    ]);
  });

  it('fails a renderer that reaches for core, Node or the database driver', async () => {
    expect(await layeringErrors(`import { openDatabase } from '../core/db';`, 'src/renderer/App.tsx')).toHaveLength(1);
    expect(await layeringErrors(`import Database from 'better-sqlite3';`, 'src/renderer/App.tsx')).toHaveLength(1);
    expect(await layeringErrors(`import { ipcRenderer } from 'electron';`, 'src/renderer/App.tsx')).toHaveLength(1);
  });

  it('lets the preload import only the contract and electron', async () => {
    expect(await layeringErrors(`import { methodNames } from '../shared/contract';`, 'src/preload/preload.ts')).toEqual([]);
    expect(await layeringErrors(`import { redactSecrets } from '../shared/domain/redact';`, 'src/preload/preload.ts')).toHaveLength(1);
    expect(await layeringErrors(`import { readFileSync } from 'node:fs';`, 'src/preload/preload.ts')).toHaveLength(1);
  });

  it('keeps ipcMain, safeStorage and openExternal each in their one file', async () => {
    expect(await layeringErrors(`import { ipcMain } from 'electron';`, 'src/main/windows.ts')).toEqual([
      "electron's ipcMain may be used only in src/main/ipc.ts",
    ]);
    expect(await layeringErrors(`import { ipcMain } from 'electron';`, 'src/main/ipc.ts')).toEqual([]);
    expect(await layeringErrors(`import { safeStorage } from 'electron';`, 'src/main/main.ts')).toHaveLength(1);
    expect(
      await layeringErrors(`import { shell } from 'electron';\nvoid shell.openExternal('https://x');`, 'src/main/windows.ts'),
    ).toHaveLength(2);
    expect(
      await layeringErrors(`import { shell } from 'electron';\nvoid shell.openExternal('https://x');`, 'src/main/external.ts'),
    ).toEqual([]);
  });

  it('reaches another core capability only through its index.ts, and main only core entries or types', async () => {
    expect(await layeringErrors(`import { createAuditLog } from '../audit/audit-log';`, 'src/core/service/x.ts')).toHaveLength(1);
    expect(await layeringErrors(`import { createAuditLog } from '../audit';`, 'src/core/service/x.ts')).toEqual([]);
    expect(await layeringErrors(`import { createCore } from '../core/app';`, 'src/main/x.ts')).toHaveLength(1);
    expect(await layeringErrors(`import type { Core } from '../core/app';`, 'src/main/x.ts')).toEqual([]);
  });

  it('keeps capabilities apart: they meet only through ports the composition root wires', async () => {
    expect(await layeringErrors(`import { createMonitoring } from '../probes';`, 'src/core/alerts/x.ts')).toEqual([
      'core/alerts must not import core/probes: capabilities meet only through ports that core/app wires',
    ]);
    expect(await layeringErrors(`import { createAlerting } from '../alerts';`, 'src/core/app/x.ts')).toEqual([]);
    expect(await layeringErrors(`import type { CapabilityContext } from '../service';`, 'src/core/alerts/x.ts')).toEqual([]);
  });

  it('keeps foundations below capabilities and the composition root, and asks a new core folder for its kind', async () => {
    expect(await layeringErrors(`import { createCore } from '../app';`, 'src/core/service/x.ts')).toEqual([
      'core/service (foundation) must not import core/app (app)',
    ]);
    expect(await layeringErrors(`import { createBackups } from '../backups';`, 'src/core/audit/x.ts')).toHaveLength(1);
    expect(await layeringErrors(`import { createDispatcher } from '../service';`, 'src/core/visitors/x.ts')).toEqual([
      'core/visitors has no kind in eslint-rules/layering.js (foundation, capability, transport, app or entries)',
    ]);
  });

  it('keeps pages apart: a page imports no other page, and only the app shell imports pages', async () => {
    expect(
      await layeringErrors(`import { NumberInput } from '../alert-config/NumberInput';`, 'src/renderer/pages/backups/JobForm.tsx'),
    ).toEqual(['page backups must not import page alert-config ("../alert-config/NumberInput"): move what they share out of pages/']);
    expect(
      await layeringErrors(`export { listIncident } from '../incidents/testing';`, 'src/renderer/pages/alerts/x.test.tsx'),
    ).toHaveLength(1);
    expect(await layeringErrors(`import { ScopeFields } from './ScopeFields';`, 'src/renderer/pages/alert-config/RuleForm.tsx')).toEqual(
      [],
    );
    expect(
      await layeringErrors(`import { NumberInput } from '../../forms/NumberInput';`, 'src/renderer/pages/backups/JobForm.tsx'),
    ).toEqual([]);
    expect(await layeringErrors(`import { isTyping } from '../../keyboard/is-typing';`, 'src/renderer/pages/board/x.ts')).toEqual([]);
    expect(
      await layeringErrors(`import { listIncident } from '../pages/incidents/testing';`, 'src/renderer/components/x.test.tsx'),
    ).toEqual(['only src/renderer/app imports pages; src/renderer/components must not import "../pages/incidents/testing"']);
    expect(await layeringErrors(`import { BoardPage } from '../pages/board/BoardPage';`, 'src/renderer/app/App.tsx')).toEqual([]);
  });
});
