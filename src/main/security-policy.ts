/**
 * Every security decision of the shell as a pure function of plain data, so each one is tested
 * under Node without an Electron binary. The glue in windows.ts and ipc.ts only calls these.
 */
import type { WebPreferences } from 'electron';
import { isAppUrl } from './app-origin';

export interface SenderFrame {
  /** URL of the frame that sent the IPC message; null when the frame is gone. */
  frameUrl: string | null | undefined;
  /** Whether that frame is the top frame of its window (not an iframe). */
  isMainFrame: boolean;
}

/** Only our own page's top frame may call core: an iframe, even one of our origin, may not. */
export function isTrustedSender({ frameUrl, isMainFrame }: SenderFrame): boolean {
  return isMainFrame === true && isAppUrl(frameUrl);
}

/** A window may only ever show our own pages; everything else is refused (links open externally instead). */
export function isNavigationAllowed(url: string): boolean {
  return isAppUrl(url);
}

/** Permissions our pages may get; every other one (camera, geolocation, clipboard, ...) is denied. */
const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['notifications']);

/**
 * Deny by default. Desktop notifications are allowed so an alarm is seen when the console is not
 * in front, but only for our own origin.
 */
export function decidePermission(permission: string, requestingUrl: string | null | undefined): 'grant' | 'deny' {
  return GRANTED_PERMISSIONS.has(permission) && isAppUrl(requestingUrl) ? 'grant' : 'deny';
}

/**
 * The webPreferences of every window: sandboxed, isolated, no Node, web security on. DevTools
 * only in a development build: in a packaged one they would let anyone at the console run code
 * with the page's access to core.
 */
export function secureWebPreferences(preloadPath: string, packaged: boolean): WebPreferences {
  return {
    preload: preloadPath,
    devTools: !packaged,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInSubFrames: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    // A critical alarm must sound without waiting for someone to click the window first.
    autoplayPolicy: 'no-user-gesture-required',
  };
}
