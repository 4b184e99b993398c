/**
 * Electron main: lifecycle only. Starts core (the utility process that owns the database), opens
 * the window, and wires the two together. Every decision is made in a pure, tested module.
 */
import { join } from 'node:path';
import { app, BrowserWindow, dialog, session } from 'electron';
import { systemClock } from '../shared/domain/clock';
import { createCoreSupervisor, type CoreSupervisor } from './core-supervisor';
import { coreLauncher } from './core-process';
import { demandAttention } from './attention';
import { broadcastConnection, broadcastEvent, registerIpc, registerReportPrinting } from './ipc';
import { printReportToPdf } from './report-pdf';
import { loadDatabaseKey } from './keystore';
import { registerAppScheme, serveRenderer } from './renderer-protocol';
import { applyPermissionPolicy, createMainWindow, createWallWindow, hardenAllWebContents } from './windows';
import { windowModeFromArgv, type WindowMode } from './window-mode';

// Paths relative to this bundle, dist/main/main.cjs.
const CORE_ENTRY = join(__dirname, '../core/utility.mjs');
const PRELOAD = join(__dirname, '../preload/preload.cjs');
const RENDERER_DIR = join(__dirname, '../renderer');

function run(): void {
  let mainWindow: BrowserWindow | null = null;
  let supervisor: CoreSupervisor | null = null;
  let temporaryKey = false;

  function openMainWindow(): void {
    mainWindow = createMainWindow({ preloadPath: PRELOAD, temporaryKey });
    mainWindow.on('closed', () => {
      mainWindow = null;
    });
  }

  /** The window a launch asked for: `watchroom --wall` opens a wall display (beside the console, if one is open). */
  function openWindowFor(mode: WindowMode): void {
    if (mode.kind === 'wall') createWallWindow({ preloadPath: PRELOAD, temporaryKey }, mode, mainWindow);
    else openMainWindow();
  }

  // A control-room console must sound an alarm without waiting for a click first.
  app.commandLine.appendSwitch('autoplay-policy', 'no-user-gesture-required');
  // Sandbox every renderer, whatever a window's options say.
  app.enableSandbox();
  registerAppScheme();
  hardenAllWebContents();

  // A second launch brings the running console to the front instead of starting another core
  // (or, with --wall, adds a wall display window to it).
  app.on('second-instance', (_event, argv) => {
    const mode = windowModeFromArgv(argv);
    if (mode.kind === 'wall' && supervisor) {
      openWindowFor(mode);
      return;
    }
    if (!mainWindow) {
      // macOS keeps running without windows: open one (once core is up).
      if (supervisor) openMainWindow();
      return;
    }
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', () => supervisor?.stop());

  app
    .whenReady()
    .then(async () => {
      if (process.platform === 'win32') app.setAppUserModelId('com.watchroom.console');
      applyPermissionPolicy(session.defaultSession);
      serveRenderer(RENDERER_DIR);

      const userData = app.getPath('userData');
      const key = await loadDatabaseKey(userData, new Date(systemClock.now()));
      temporaryKey = !key.persisted;
      if (key.freshCacheReason && !key.persisted) console.warn(`watchroom: ${key.freshCacheReason}`);

      const core = createCoreSupervisor({
        launch: coreLauncher(CORE_ENTRY),
        init: { dataDir: join(userData, 'data'), dbKeyHex: key.keyHex, freshCacheReason: key.freshCacheReason, version: app.getVersion() },
        clock: systemClock,
        onStatus: broadcastConnection,
        onEvent: (message) => {
          broadcastEvent(message);
          if (message.event === 'alert.attention') demandAttention(message.payload, systemClock.now());
        },
        log: { warn: (message) => console.warn(`watchroom: ${message}`), error: (message) => console.error(`watchroom: ${message}`) },
      });
      supervisor = core;
      registerIpc(core.call, core.status);
      registerReportPrinting(printReportToPdf);
      core.start();
      openWindowFor(windowModeFromArgv(process.argv));

      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) openMainWindow();
      });
    })
    .catch((error: unknown) => {
      dialog.showErrorBox(
        'Watchroom could not start',
        `${error instanceof Error ? error.message : String(error)}\n\nThe console will close.`,
      );
      app.exit(1);
    });
}

// Only one console per user: its core owns the database, and two cores would fight over it.
if (app.requestSingleInstanceLock()) run();
else app.quit();
