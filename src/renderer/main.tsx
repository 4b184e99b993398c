// The shared styles first, in cascade order: a page's own stylesheet (imported by the page) comes after them.
import './tokens.css';
import './app/app.css';
import './components/frame.css';
import './components/badges.css';
import './components/kit.css';
import './components/alarm.css';
import './seat/seat.css';
import './app/first-screen-styles';
import { restoreRefusedStyles } from './app/early-dom';
import { earlyScriptHasRun, takeFromEarly } from './transport/early-handoff';

/**
 * How long the console's code waits for the early script and its painted screen before it is
 * fetched and evaluated anyway: fetching and compiling it (about 20 files) slowed the early script's
 * exchange, and evaluating it (React, the contract, the pages: about 100-300 ms in one task) would
 * keep the painted frame off screen (vite.config.ts). Longer than a first-screen answer takes on a
 * busy core, shorter than a wait anyone notices; a paint whose answer never comes costs no more
 * than this.
 */
const EARLY_PAINT_CAP_MS = 800;

// This entry is tiny on purpose: the console itself is console-main.tsx, loaded after the early
// paint. The early script is inline in the page and has run by now, unless there is none (vite dev)
// or the CSP refused it: then there is no paint to wait for.
restoreRefusedStyles(document);
const capped = new Promise<void>((resolve) => setTimeout(resolve, EARLY_PAINT_CAP_MS));
const painted = (earlyScriptHasRun() ? takeFromEarly('firstPaint') : null) ?? Promise.resolve();
void Promise.race([painted, capped]).then(() => import('./console-main'));
