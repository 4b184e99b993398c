// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { CONSOLE_CODE_META, paintIntoRoot, preloadConsoleCode, restoreRefusedStyles } from './early-dom';

const paintHello = (root: HTMLElement) => {
  root.textContent = 'painted board';
  return Promise.resolve();
};

/** The document as an early script served from the cache may find it: the head parsed, the body not yet. */
function stillParsing(): void {
  document.body.replaceChildren();
  Object.defineProperty(document, 'readyState', { value: 'loading', configurable: true });
}

afterEach(() => {
  Reflect.deleteProperty(document, 'readyState');
  document.body.replaceChildren();
});

describe('paintIntoRoot: the early paint lands in #root whenever the early script runs', () => {
  it('paints at once when #root is already parsed', async () => {
    document.body.innerHTML = '<div id="root"></div>';
    const painted = paintIntoRoot(document, paintHello);
    // Synchronously, before any event: the normal case is not delayed.
    expect(document.getElementById('root')?.textContent).toBe('painted board');
    await painted;
  });

  it('paints once the page is parsed when the script ran before #root was', async () => {
    stillParsing();
    const painted = paintIntoRoot(document, paintHello);
    const root = document.createElement('div');
    root.id = 'root';
    document.body.append(root);
    document.dispatchEvent(new Event('DOMContentLoaded'));
    await painted;
    expect(root.textContent).toBe('painted board');
  });

  it('paints nothing on a parsed page without #root', async () => {
    let asked = false;
    await paintIntoRoot(document, () => {
      asked = true;
      return Promise.resolve();
    });
    expect(asked).toBe(false);
  });
});

describe("preloadConsoleCode: the console's code is fetched while the page waits for core", () => {
  afterEach(() => document.head.replaceChildren());

  it('preloads, at low priority, every file the page names', () => {
    document.head.innerHTML = `<meta name="${CONSOLE_CODE_META}" content="./assets/console-main-1.js ./assets/jsx-runtime-2.js">`;
    preloadConsoleCode(document);
    const links = [...document.head.querySelectorAll('link')];
    expect(
      links.map((link) => [link.rel, link.getAttribute('href'), link.getAttribute('crossorigin'), link.getAttribute('fetchpriority')]),
    ).toEqual([
      ['modulepreload', './assets/console-main-1.js', '', 'low'],
      ['modulepreload', './assets/jsx-runtime-2.js', '', 'low'],
    ]);
  });

  it('preloads nothing on a page that names no files (the development server)', () => {
    preloadConsoleCode(document);
    expect(document.head.querySelectorAll('link')).toHaveLength(0);
  });
});

describe('restoreRefusedStyles: a stylesheet the CSP refused is loaded from its file instead', () => {
  afterEach(() => document.head.replaceChildren());

  /** One of the page's inline stylesheets and its disabled link, as the build writes them. */
  function inlineStylesheet(applied: boolean): HTMLLinkElement {
    const style = document.createElement('style');
    style.textContent = '.board{}';
    // A refused block has no sheet; the browser's own refusal is what the e2e's CSP check covers.
    if (!applied) Object.defineProperty(style, 'sheet', { value: null });
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.disabled = true;
    document.head.append(style, link);
    return link;
  }

  it('enables the link beside a refused stylesheet only, and leaves an applied one alone', () => {
    const applied = inlineStylesheet(true);
    const refused = inlineStylesheet(false);
    expect(restoreRefusedStyles(document)).toBe(1);
    expect(refused.disabled).toBe(false);
    expect(applied.disabled).toBe(true);
  });
});
