import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../shared/domain/app-shell';
import { resolveAppRequest, securityHeaders } from './renderer-protocol-policy';

const RENDERER = join('/opt', 'watchroom', 'dist', 'renderer');

describe('resolveAppRequest', () => {
  it('serves index.html for the root and for app routes', () => {
    expect(resolveAppRequest('app://watchroom/', 'GET', RENDERER)).toEqual({
      kind: 'file',
      filePath: join(RENDERER, 'index.html'),
      contentType: 'text/html; charset=utf-8',
      immutable: false,
      page: true,
    });
    expect(resolveAppRequest('app://watchroom/alerts/123?tab=sop', 'GET', RENDERER)).toMatchObject({
      kind: 'file',
      filePath: join(RENDERER, 'index.html'),
    });
  });

  it('serves built assets from inside the renderer folder, cacheable for good', () => {
    expect(resolveAppRequest('app://watchroom/assets/index-abc123.js', 'GET', RENDERER)).toEqual({
      kind: 'file',
      filePath: join(RENDERER, 'assets', 'index-abc123.js'),
      contentType: 'text/javascript; charset=utf-8',
      immutable: true,
      page: false,
    });
  });

  it('refuses app://watchroom/../etc/passwd', () => {
    expect(resolveAppRequest('app://watchroom/../etc/passwd', 'GET', RENDERER)).toMatchObject({ kind: 'refused', status: 400 });
  });

  it('refuses encoded and backslash traversal', () => {
    for (const url of [
      'app://watchroom/assets/..%2f..%2f..%2fetc%2fpasswd',
      'app://watchroom/%2e%2e/%2e%2e/etc/passwd',
      'app://watchroom/assets/..\\..\\secret.txt',
      'app://watchroom/assets/%5c..%5csecret.txt',
      'app://watchroom/a%00.js',
      'app://watchroom/%E0%A4%A.js',
    ]) {
      expect(resolveAppRequest(url, 'GET', RENDERER), url).toMatchObject({ kind: 'refused', status: 400 });
    }
  });

  it('never resolves to a file outside the renderer folder', () => {
    for (const url of ['app://watchroom/./assets/x.js', 'app://watchroom//etc/passwd.txt', 'app://watchroom/assets/./../index.html']) {
      const decision = resolveAppRequest(url, 'GET', RENDERER);
      if (decision.kind === 'file')
        expect(decision.filePath.startsWith(RENDERER + '/') || decision.filePath.startsWith(RENDERER + '\\')).toBe(true);
    }
  });

  it('refuses other hosts and methods that change things', () => {
    expect(resolveAppRequest('app://other/index.html', 'GET', RENDERER)).toMatchObject({ kind: 'refused', status: 404 });
    expect(resolveAppRequest('app://watchroom.evil/index.html', 'GET', RENDERER)).toMatchObject({ kind: 'refused', status: 404 });
    expect(resolveAppRequest('app://watchroom/index.html', 'POST', RENDERER)).toMatchObject({ kind: 'refused', status: 405 });
    expect(resolveAppRequest('app://watchroom/index.html', 'HEAD', RENDERER)).toMatchObject({ kind: 'file' });
  });
});

describe('securityHeaders', () => {
  it('carries the shared CSP, so app:// and serve mode enforce the same policy', () => {
    expect(securityHeaders()['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(securityHeaders()['X-Content-Type-Options']).toBe('nosniff');
  });

  it("lets the page's own early script run in Electron's window too, by its hash, and no other inline script", () => {
    const page = '<!doctype html><body><div id="root"></div><script>markEarlyScriptRan()</script></body>';
    const policy = securityHeaders(page)['Content-Security-Policy'];
    const hash = createHash('sha256').update('markEarlyScriptRan()').digest('base64');
    expect(policy).toContain(`script-src 'self' 'sha256-${hash}';`);
    expect(policy).not.toContain('unsafe-inline');
  });
});
