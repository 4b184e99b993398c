/** The window title: the page's title, always naming the product, and a warning when nothing is kept. */
export const PRODUCT_NAME = 'Watchroom';

export function composeWindowTitle(pageTitle: string | null | undefined, temporaryKey: boolean): string {
  const page = (pageTitle ?? '').trim();
  const base = page === '' ? PRODUCT_NAME : page.includes(PRODUCT_NAME) ? page : `${page} — ${PRODUCT_NAME}`;
  // Visible on every start where the OS could not protect the key, not only in a notice.
  return temporaryKey ? `${base} (temporary cache: nothing is kept after closing)` : base;
}
