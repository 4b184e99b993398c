// The console, loaded by main.tsx once the early script's board is on screen (or was not painted).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AlertStore } from './api/alert-store';
import { askForFirstScreen } from './api/first-reads';
import { MonitorStore } from './api/monitor-store';
import { createQueryClient } from './api/query-client';
import { AccessNeeded } from './app/AccessNeeded';
import { App } from './app/App';
import { loadBeforeFirstRender, PAGE_LOADERS } from './app/page-loaders';
import { useViewStore, viewFromHash } from './state/view-store';
import { selectTransport } from './transport/select-transport';

// Serve mode without a valid session: the console gives way to how to get one (and stays so).
let accessRefused = false;
const transport = selectTransport(window, () => {
  accessRefused = true;
  root.render(<AccessNeeded />);
});
useViewStore.setState(viewFromHash(window.location.hash));

const queryClient = createQueryClient();
const alertStore = new AlertStore();
const monitorStore = new MonitorStore();
// Asked for before the first render, which waits for who is at the seat, the board's first
// screenful (answered early, so milliseconds) and the socket's first connection: React's first commit is then the board itself, taking over the painted
// one (app/first-paint.ts) in place, not "Connecting to core…" in between. Capped, so a core that
// does not answer yet gets the console's own connecting screen.
const startPage = useViewStore.getState().page;
const firstScreen = Promise.all([
  askForFirstScreen(startPage, transport, queryClient, { alerts: alertStore, monitors: monitorStore }),
  // The wall's code is its own chunk: loaded before the first render, which is then the wall, not "Opening the wall display…".
  startPage === 'wall' ? loadBeforeFirstRender(PAGE_LOADERS, 'wall') : null,
]);
const FIRST_SCREEN_WAIT_MS = 1000;

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');
const root = createRoot(container);
void Promise.race([firstScreen, new Promise<void>((resolve) => setTimeout(resolve, FIRST_SCREEN_WAIT_MS))]).then(() => {
  if (accessRefused) return;
  root.render(
    <StrictMode>
      <App transport={transport} queryClient={queryClient} alertStore={alertStore} monitorStore={monitorStore} />
    </StrictMode>,
  );
});
