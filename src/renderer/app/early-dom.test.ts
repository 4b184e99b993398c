// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { paintIntoRoot } from './early-dom';

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
