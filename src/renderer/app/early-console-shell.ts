/**
 * The console's frame around an early paint (app/first-paint.ts for the board,
 * app/first-paint-alerts.ts for the alert queue): header, navigation and status bar as AppShell's
 * first commit shows them, and the painting itself (the clock ticking, the boot message back when
 * nothing takes over). Plain DOM in the early script's bundle: no React, no zod.
 */
import type { AuthState, ConsoleStatus } from '../../shared/contract';
import { NAV_ITEMS } from '../components/nav-items';
import { STATUS_SYMBOL, STATUS_WORD } from '../format/console-status';
import { ROLE_NAMES } from '../format/roles';
import { formatClock, timeZoneLabel } from '../format/time';
import { afterNextPaint, h } from './early-dom';

/** Marks the painted shell, so that a test (and a reader of the DOM) tells it from React's. */
export const EARLY_PAINT_ATTRIBUTE = 'data-early-paint';

/** A painted page that nothing takes over is not left frozen on screen: the boot message comes back. */
export const TAKE_OVER_MS = 8000;

/** The pages an early paint draws. */
export type ShellPage = 'board' | 'alerts';

export type SignedIn = Extract<AuthState, { state: 'signed-in' }>;

/** The seat React would show the console to, with every site: anything else is React's to show. */
export function paintableSeat(value: unknown): SignedIn | null {
  if (typeof value !== 'object' || value === null || !('state' in value) || value.state !== 'signed-in') return null;
  const seat = value as SignedIn;
  if (seat.mustEnrolTwoFactor || seat.session.kind === 'device' || seat.user.sites !== null) return null;
  return seat;
}

function header(seat: SignedIn, now: number, status: ConsoleStatus | null): { element: HTMLElement; clock: HTMLElement } {
  const { user } = seat;
  const clock = h('time', { datetime: new Date(now).toISOString() }, formatClock(now, 'local'));
  const small = (testId: string, text: string, title?: string) =>
    h('button', { type: 'button', class: 'button button--small', 'data-testid': testId, ...(title === undefined ? {} : { title }) }, text);
  const element = h(
    'header',
    { class: 'app-header' },
    h('span', { class: 'app-header__brand' }, 'Watchroom'),
    h('h1', { class: 'app-header__console', 'data-testid': 'console-name' }, '…'),
    h(
      'button',
      {
        type: 'button',
        class: `console-status console-status--${status ?? 'unknown'}`,
        'data-testid': 'console-status',
        'data-status': status ?? 'unknown',
        title: 'Overall alert status: open the alert queue',
      },
      h('span', { 'aria-hidden': 'true' }, status === null ? '○ ' : `${STATUS_SYMBOL[status]} `),
      status === null ? 'Status unknown' : STATUS_WORD[status],
    ),
    // The alarm's state is the console's to say once it has read the alerts: only the row's height here.
    h(
      'div',
      { class: 'sound-indicator', 'data-testid': 'sound-indicator' },
      h('span', { class: 'sound-indicator__state', role: 'status' }),
      h('button', { type: 'button', class: 'button button--small button--quiet', 'aria-pressed': 'false' }, 'Mute'),
    ),
    h(
      'span',
      { class: 'app-header__clock', 'data-testid': 'header-clock' },
      clock,
      ' ',
      h('span', { class: 'app-header__zone' }, timeZoneLabel('local')),
    ),
    h(
      'div',
      { class: 'account', 'data-testid': 'account' },
      h(
        'details',
        { class: 'account__menu' },
        h(
          'summary',
          { class: 'account__who', 'data-testid': 'account-who' },
          h('span', { class: 'account__name', 'data-testid': 'account-name' }, user.displayName),
          ' ',
          h('span', { class: 'account__role', 'data-testid': 'account-role' }, ROLE_NAMES[user.role]),
        ),
      ),
      small('account-lock', 'Lock', 'Lock this seat: alarms still show and sound'),
      small('account-switch', 'Switch user', 'Lock this seat so the next person signs in over it'),
      small('account-sign-out', 'Sign out'),
    ),
  );
  return { element, clock };
}

function navRail(page: ShellPage): HTMLElement {
  return h(
    'nav',
    { class: 'nav-rail', 'aria-label': 'Pages' },
    h(
      'ul',
      { class: 'nav-rail__list' },
      ...NAV_ITEMS.map((item) =>
        h(
          'li',
          {},
          h(
            'button',
            {
              type: 'button',
              class: 'nav-rail__item',
              ...(item.page === page ? { 'aria-current': 'page' } : {}),
              'data-testid': `nav-${item.page}`,
              title: `${item.label} (keys: ${item.shortcut})`,
            },
            h('span', { class: 'nav-rail__label' }, item.label),
            h('kbd', { class: 'nav-rail__shortcut', 'aria-hidden': 'true' }, item.shortcut),
          ),
        ),
      ),
    ),
  );
}

function statusBar(): HTMLElement {
  const item = (testId: string, text: string) => h('span', { class: 'status-item', 'data-testid': testId }, text);
  return h(
    'footer',
    { class: 'status-bar', 'aria-label': 'Status' },
    h(
      'span',
      {
        class: 'status-item connection connection--connecting',
        'data-testid': 'connection-status',
        'data-state': 'connecting',
        role: 'status',
      },
      h('span', { 'aria-hidden': 'true', class: 'connection__symbol' }, '◌'),
      ' ',
      h('span', { class: 'connection__label' }, 'Core: Connecting…'),
    ),
    item('db-encryption', 'Database encrypted: …'),
    h('span', { class: 'status-bar__spacer' }),
    item('status-console-name', '…'),
    item('app-mode', 'Mode: …'),
    item('app-version', 'Watchroom …'),
  );
}

export interface EarlyPaint {
  /** The painted console shell, until React's first commit takes #root over. */
  shell: HTMLElement;
  /** The header clock, which the painter keeps ticking while it is on screen. */
  clock: HTMLElement;
  /** What is drawn once the shell is in the page and its boxes can be read (a list's rows for its height). */
  placed?: () => void;
}

/**
 * The console's shell around a painted page, as AppShell's first commit shows it. `status` is the
 * header's overall status, null for "Status unknown".
 */
export function consoleShell(seat: SignedIn, now: number, page: ShellPage, content: HTMLElement, status: ConsoleStatus | null): EarlyPaint {
  const top = header(seat, now, status);
  const shell = h(
    'div',
    // Inert: nothing on it works yet, so it takes no clicks, focus or keys (tests wait for React's own elements).
    { class: 'app-shell', inert: '', [EARLY_PAINT_ATTRIBUTE]: '' },
    top.element,
    h('div', { class: 'app-banners' }),
    h('div', { class: 'app-body' }, navRail(page), h('main', { class: `app-main app-main--${page}`, id: 'main', tabindex: '-1' }, content)),
    statusBar(),
  );
  return { shell, clock: top.clock };
}

/**
 * Paints into `root` what `build` makes of the early answers, unless React got there first (root no
 * longer holds only the boot message) or `build` leaves this page to React (null, or an answer shaped
 * otherwise than the painter expects). Resolves when the painted frame is on screen, or at once when
 * nothing was painted.
 */
export async function paintEarly(
  root: HTMLElement,
  answers: Promise<ReadonlyMap<string, unknown> | null>,
  build: (answers: ReadonlyMap<string, unknown>) => EarlyPaint | null,
): Promise<void> {
  const answered = await answers;
  const boot = [...root.childNodes];
  const stillBooting = root.children.length === 1 && root.firstElementChild?.classList.contains('boot-message') === true;
  if (answered === null || !stillBooting) return;
  let paint: EarlyPaint | null;
  try {
    paint = build(answered);
  } catch {
    paint = null;
  }
  if (paint === null) return;
  const { shell, clock, placed } = paint;
  root.replaceChildren(shell);
  placed?.();
  const ticking = setInterval(() => {
    if (!shell.isConnected) return clearInterval(ticking);
    const now = Date.now();
    clock.setAttribute('datetime', new Date(now).toISOString());
    clock.textContent = formatClock(now, 'local');
  }, 1000);
  setTimeout(() => {
    clearInterval(ticking);
    if (shell.isConnected) root.replaceChildren(...boot);
  }, TAKE_OVER_MS);
  await afterNextPaint();
}

/** The root font size in px (the virtualized lists' row heights are in rem), 16 when it cannot be read. */
export function rootFontPx(): number {
  const rootPx = Number.parseFloat(getComputedStyle(document.documentElement).fontSize);
  return Number.isFinite(rootPx) && rootPx > 0 ? rootPx : 16;
}

/** A labelled filter select as the filter bars render it (FormField's label, kit's input), nothing chosen. */
export function select(label: string, testId: string, options: readonly (readonly [string, string])[]): HTMLElement {
  return h(
    'label',
    { class: 'field' },
    h('span', { class: 'field__label' }, label),
    h('select', { class: 'input', 'data-testid': testId }, ...options.map(([value, text]) => h('option', { value }, text))),
  );
}
