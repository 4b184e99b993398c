/** Window creation and the rules every web page in the app runs under. */
import { app, BrowserWindow, powerSaveBlocker, screen, type Session } from 'electron';
import { APP_ENTRY_URL } from './app-origin';
import { openExternalLink } from './external';
import { decidePermission, isNavigationAllowed, secureWebPreferences } from './security-policy';
import { createGestureTracker } from './user-gesture';
import { composeWindowTitle } from './window-title';
import { wallScreenIndex, windowHash, type WindowMode } from './window-mode';

/** Applies to every webContents ever created, so a page can never navigate, pop up or embed its way out. */
export function hardenAllWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isNavigationAllowed(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isNavigationAllowed(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    const gestures = createGestureTracker();
    contents.on('before-input-event', (_event, input) => gestures.note(input, Date.now()));
    contents.on('before-mouse-event', (_event, mouse) => gestures.note(mouse, Date.now()));
    contents.setWindowOpenHandler(({ url }) => {
      // A link the operator clicked goes to the OS browser if it is https; one the page opened by
      // itself goes nowhere. No window ever opens here.
      if (gestures.take(Date.now())) void openExternalLink(url);
      else console.warn('watchroom: refused to open a link the operator did not click');
      return { action: 'deny' };
    });
  });
}

export function applyPermissionPolicy(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(decidePermission(permission, details.requestingUrl) === 'grant');
  });
  session.setPermissionCheckHandler(
    (_contents, permission, requestingOrigin) => decidePermission(permission, requestingOrigin) === 'grant',
  );
}

export interface MainWindowOptions {
  preloadPath: string;
  /** The key is held for this run only: the title says so. */
  temporaryKey: boolean;
}

export function createMainWindow({ preloadPath, temporaryKey }: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    title: composeWindowTitle(null, temporaryKey),
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    // Dark, like the UI: control rooms are dim, and a white flash at start is what people notice.
    backgroundColor: '#0b0f14',
    show: false,
    webPreferences: secureWebPreferences(preloadPath, app.isPackaged),
  });
  window.on('page-title-updated', (event, pageTitle) => {
    event.preventDefault();
    window.setTitle(composeWindowTitle(pageTitle, temporaryKey));
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY_URL);
  return window;
}

/**
 * A wall display window: full screen on another screen than the console's (or the one asked
 * for), the wall view without navigation, and the display kept awake while it is open.
 */
export function createWallWindow(
  { preloadPath, temporaryKey }: MainWindowOptions,
  mode: Extract<WindowMode, { kind: 'wall' }>,
  besides: BrowserWindow | null,
): BrowserWindow {
  const screens = screen.getAllDisplays();
  const consoleDisplay = besides === null ? screen.getPrimaryDisplay() : screen.getDisplayMatching(besides.getBounds());
  const target =
    screens[
      wallScreenIndex(
        mode,
        screens.length,
        Math.max(
          0,
          screens.findIndex((each) => each.id === consoleDisplay.id),
        ),
      )
    ];
  const window = new BrowserWindow({
    title: composeWindowTitle('Wall display', temporaryKey),
    ...(target === undefined ? {} : { x: target.bounds.x, y: target.bounds.y, width: target.bounds.width, height: target.bounds.height }),
    fullscreen: true,
    autoHideMenuBar: true,
    backgroundColor: '#0b0f14',
    show: false,
    webPreferences: secureWebPreferences(preloadPath, app.isPackaged),
  });
  const awake = powerSaveBlocker.start('prevent-display-sleep');
  window.on('closed', () => powerSaveBlocker.stop(awake));
  window.on('page-title-updated', (event, pageTitle) => {
    event.preventDefault();
    window.setTitle(composeWindowTitle(pageTitle, temporaryKey));
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${APP_ENTRY_URL}${windowHash(mode)}`);
  return window;
}
