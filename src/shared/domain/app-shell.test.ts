import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, inlineBlocksOf, pagePolicy } from './app-shell';

describe("the page's inline blocks and its policy", () => {
  const page = [
    '<!doctype html><html><head>',
    '<script type="module" crossorigin src="./assets/index.js"></script>',
    '<style>:root{--bg:#000}</style><style>\n.board{}\n</style>',
    '</head><body><div id="root"></div><script>early()</script></body></html>',
  ].join('');

  it('finds the bare inline scripts and stylesheets, text as the browser hashes it, and not the scripts loaded from files', () => {
    expect(inlineBlocksOf(page)).toEqual({ scripts: ['early()'], styles: [':root{--bg:#000}', '\n.board{}\n'] });
  });

  it('names each by its hash, keeps the report stylesheet and everything else of the base policy, and never allows unsafe-inline', () => {
    const policy = pagePolicy(page, (text) => `hash-of(${text.trim()})`);
    expect(policy).toContain("script-src 'self' 'sha256-hash-of(early())';");
    expect(policy).toMatch(/style-src 'self' 'sha256-hash-of\(:root\{--bg:#000\}\)' 'sha256-hash-of\(\.board\{\}\)' 'sha256-[^']+';/);
    expect(policy).not.toContain('unsafe-inline');
    const others = (value: string) => value.split('; ').filter((directive) => !/^(script|style)-src /.test(directive));
    expect(others(policy)).toEqual(others(CONTENT_SECURITY_POLICY));
  });

  it('gives a page without inline blocks the base policy', () => {
    expect(pagePolicy('<!doctype html><div id="root"></div>', () => 'never')).toBe(CONTENT_SECURITY_POLICY);
  });
});
