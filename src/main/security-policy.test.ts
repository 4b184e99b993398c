import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, isAppUrl } from './app-origin';
import { decidePermission, isNavigationAllowed, isTrustedSender, secureWebPreferences } from './security-policy';

describe('isAppUrl', () => {
  it('accepts our origin with and without a path', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('app://watchroom')).toBe(true);
    expect(isAppUrl('app://watchroom/alerts?filter=open#top')).toBe(true);
  });

  it('refuses look-alikes, other schemes and junk', () => {
    for (const url of [
      'app://watchroom.evil.example/',
      'app://evil.example/watchroom',
      'app://watchroom@evil.example/',
      'app://user:pw@watchroom/',
      'app://watchroom:8080/',
      'https://watchroom/',
      'file:///app/watchroom/index.html',
      'watchroom',
      '',
      null,
      undefined,
    ]) {
      expect(isAppUrl(url), String(url)).toBe(false);
    }
  });
});

describe('isTrustedSender', () => {
  it('trusts the top frame of our own page', () => {
    expect(isTrustedSender({ frameUrl: 'app://watchroom/index.html', isMainFrame: true })).toBe(true);
  });

  it('does not trust a subframe, even one of our own origin', () => {
    expect(isTrustedSender({ frameUrl: 'app://watchroom/index.html', isMainFrame: false })).toBe(false);
  });

  it('does not trust a top frame of another origin', () => {
    expect(isTrustedSender({ frameUrl: 'https://evil.example/', isMainFrame: true })).toBe(false);
    expect(isTrustedSender({ frameUrl: 'file:///tmp/page.html', isMainFrame: true })).toBe(false);
  });

  it('does not trust a frame that is already gone', () => {
    expect(isTrustedSender({ frameUrl: null, isMainFrame: true })).toBe(false);
    expect(isTrustedSender({ frameUrl: undefined, isMainFrame: true })).toBe(false);
  });
});

describe('isNavigationAllowed', () => {
  it('lets a window move between our own pages', () => {
    expect(isNavigationAllowed('app://watchroom/index.html')).toBe(true);
  });

  it('refuses every navigation away from our origin', () => {
    expect(isNavigationAllowed('https://example.com/')).toBe(false);
    expect(isNavigationAllowed('http://evil.example/')).toBe(false);
    expect(isNavigationAllowed('file:///etc/passwd')).toBe(false);
    expect(isNavigationAllowed('javascript:alert(1)')).toBe(false);
    expect(isNavigationAllowed('data:text/html,<script>alert(1)</script>')).toBe(false);
    expect(isNavigationAllowed('app://watchroom.evil.example/')).toBe(false);
  });
});

describe('decidePermission', () => {
  it('grants notifications to our own origin, so alarms are seen when the window is behind', () => {
    expect(decidePermission('notifications', 'app://watchroom/index.html')).toBe('grant');
    expect(decidePermission('notifications', 'app://watchroom')).toBe('grant');
  });

  it('denies notifications to any other origin', () => {
    expect(decidePermission('notifications', 'https://evil.example/')).toBe('deny');
    expect(decidePermission('notifications', undefined)).toBe('deny');
  });

  it('denies everything else, even to our own origin', () => {
    for (const permission of ['media', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen', 'hid', 'usb', 'serial', 'unknown']) {
      expect(decidePermission(permission, 'app://watchroom/'), permission).toBe('deny');
    }
  });
});

describe('secureWebPreferences', () => {
  it('turns DevTools off in a packaged build, and leaves them to developers otherwise', () => {
    expect(secureWebPreferences('/app/preload.cjs', true).devTools).toBe(false);
    expect(secureWebPreferences('/app/preload.cjs', false).devTools).toBe(true);
  });

  it('sandboxes and isolates every window and keeps Node out of it', () => {
    const preferences = secureWebPreferences('/app/dist/preload/preload.cjs', true);
    expect(preferences).toMatchObject({
      preload: '/app/dist/preload/preload.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
});
