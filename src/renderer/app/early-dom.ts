/**
 * Plain DOM helpers for an early paint (a first screen drawn by the early script before React
 * runs): no React, no zod, types only from the contract, so they stay in early.ts's small bundle.
 */
import { firstScreenKey } from '../../shared/domain/first-screen';

export type Child = Node | string | null;

/** Inline styles through the CSSOM, as React sets them: a style attribute is refused by the page's CSP. */
export function styled<E extends HTMLElement>(element: E, styles: Record<string, string>): E {
  for (const [property, value] of Object.entries(styles)) element.style.setProperty(property, value);
  return element;
}

export function h(tag: string, attributes: Record<string, string>, ...children: Child[]): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) if (child !== null) element.append(child);
  return element;
}

/** The value of one early answer, or null when it was not asked, refused or failed. */
export function earlyAnswer(answers: ReadonlyMap<string, unknown>, method: string, input: unknown): unknown {
  const envelope = answers.get(firstScreenKey(method, input));
  if (typeof envelope !== 'object' || envelope === null || !('ok' in envelope) || envelope.ok !== true || !('value' in envelope))
    return null;
  return envelope.value;
}

/** Resolves once the frame holding what was just put in the DOM has been painted. */
export function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

/**
 * Resolves once every stylesheet linked in the page has loaded (or failed): a paint that measures
 * its own boxes needs the page's styles applied first. The page's own styles are inline (applied
 * already); a disabled link (vite.config.ts's stylesInPage keeps one per inline stylesheet) never loads.
 */
export function stylesheetsApplied(doc: Document): Promise<void> {
  const pending = [...doc.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')].filter(
    (link) => !link.disabled && link.sheet === null,
  );
  return Promise.all(
    pending.map(
      (link) =>
        new Promise<void>((resolve) => {
          link.addEventListener('load', () => resolve(), { once: true });
          link.addEventListener('error', () => resolve(), { once: true });
        }),
    ),
  ).then(() => undefined);
}

/**
 * Paints into the page's #root: at once when it has been parsed, else once the document has been.
 * The early script comes after #root in the page (vite.config.ts), so #root is there; a page built
 * otherwise still paints, only later. Nothing is painted where there is no #root.
 */
export function paintIntoRoot(doc: Document, paint: (root: HTMLElement) => Promise<void>): Promise<void> {
  const root = doc.getElementById('root');
  if (root !== null) return paint(root);
  if (doc.readyState !== 'loading') return Promise.resolve();
  return new Promise<void>((resolve) => doc.addEventListener('DOMContentLoaded', () => resolve(), { once: true })).then(() => {
    const parsed = doc.getElementById('root');
    return parsed === null ? undefined : paint(parsed);
  });
}

/** The page's meta tag naming the console's code files (vite.config.ts writes it at build time). */
export const CONSOLE_CODE_META = 'watchroom-console-code';

/**
 * Starts fetching the console's code (the files the meta tag names) at low priority, for a page
 * React draws first: called once the early script's own requests to core are out, so the ~20 files
 * neither take the connections those need nor wait for main.tsx's import. (A page the early script
 * paints leaves the fetch to that import, after the paint.)
 */
export function preloadConsoleCode(doc: Document): void {
  const files = doc.querySelector<HTMLMetaElement>(`meta[name="${CONSOLE_CODE_META}"]`)?.content.split(' ') ?? [];
  for (const href of files) {
    if (href === '') continue;
    const link = doc.createElement('link');
    link.rel = 'modulepreload';
    link.crossOrigin = '';
    link.setAttribute('fetchpriority', 'low');
    link.href = href;
    doc.head.append(link);
  }
}

/**
 * Enables the file link beside each of the page's inline stylesheets that did not apply: its hash
 * was not in the page's CSP (a page changed after the build, by hand or by a proxy), so the browser
 * refused it. The console is then styled from the file, one round trip later, instead of not at all.
 * Each inline stylesheet is followed by its disabled link (vite.config.ts's stylesInPage).
 */
export function restoreRefusedStyles(doc: Document): number {
  let restored = 0;
  for (const style of doc.querySelectorAll('style')) {
    const link = style.nextElementSibling;
    if (style.sheet !== null || !(link instanceof HTMLLinkElement) || !link.disabled) continue;
    link.disabled = false;
    restored += 1;
  }
  return restored;
}
