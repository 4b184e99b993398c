// The shared styles first, in cascade order: a page's own stylesheet (imported by the page) comes after them.
import './tokens.css';
import './app/app.css';
import './components/frame.css';
import './components/badges.css';
import './components/kit.css';
import './components/alarm.css';
import './seat/seat.css';
import './app/first-screen-styles';
import { earlyScriptRan, takeFromEarly } from './transport/early-handoff';

/**
 * How long the console's code waits for the early script and its painted screen before it is
 * fetched and evaluated anyway: fetching and compiling it (about 20 files) slowed the early script's
 * exchange, and evaluating it (React, the contract, the pages: about 100-300 ms in one task) would
 * keep the painted frame off screen (vite.config.ts). Longer than a first-screen answer takes on a
 * busy core, shorter than a wait anyone notices; an early script that never arrives costs no more
 * than this.
 */
const EARLY_PAINT_CAP_MS = 800;

// This entry is tiny on purpose: the console itself is console-main.tsx, loaded after the early
// paint. The early script may not have run yet (both load in parallel): it is waited for too.
const capped = new Promise<void>((resolve) => setTimeout(resolve, EARLY_PAINT_CAP_MS));
const painted = earlyScriptRan().then(() => takeFromEarly('firstPaint') ?? undefined);
void Promise.race([painted, capped]).then(() => import('./console-main'));
