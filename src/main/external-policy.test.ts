import { describe, expect, it } from 'vitest';
import { isExternalUrlAllowed } from './external-policy';

describe('isExternalUrlAllowed', () => {
  it('opens plain https links in the OS browser', () => {
    expect(isExternalUrlAllowed('https://status.example.com/incident/42')).toBe(true);
    expect(isExternalUrlAllowed('https://example.com')).toBe(true);
  });

  it('does not open http links', () => {
    expect(isExternalUrlAllowed('http://evil.example')).toBe(false);
  });

  it('does not open local files, scripts or custom schemes that can start programs', () => {
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,hi',
      'smb://share/x',
      'ms-settings:',
      'vscode://file/x',
      'app://watchroom/',
    ]) {
      expect(isExternalUrlAllowed(url), url).toBe(false);
    }
  });

  it('does not open links carrying credentials', () => {
    expect(isExternalUrlAllowed('https://user:secret@example.com/')).toBe(false);
    expect(isExternalUrlAllowed('https://user@example.com/')).toBe(false);
  });

  it('refuses non-strings, unparsable text and absurdly long links', () => {
    expect(isExternalUrlAllowed(undefined)).toBe(false);
    expect(isExternalUrlAllowed({ href: 'https://example.com' })).toBe(false);
    expect(isExternalUrlAllowed('not a url')).toBe(false);
    expect(isExternalUrlAllowed(`https://example.com/${'a'.repeat(5000)}`)).toBe(false);
  });
});
