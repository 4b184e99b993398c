// The shared styles first, in cascade order: a page's own stylesheet (imported by the page) comes after them.
import './tokens.css';
import './app/app.css';
import './components/frame.css';
import './components/badges.css';
import './components/kit.css';
import './components/alarm.css';
import './seat/seat.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AlertStore } from './api/alert-store';
import { askForFirstScreen } from './api/first-reads';
import { MonitorStore } from './api/monitor-store';
import { createQueryClient } from './api/query-client';
import { AccessNeeded } from './app/AccessNeeded';
import { App } from './app/App';
import { useViewStore, viewFromHash } from './state/view-store';
import { selectTransport } from './transport/select-transport';

// Serve mode without a valid session: the console gives way to how to get one.
const transport = selectTransport(window, () => root.render(<AccessNeeded />));
useViewStore.setState(viewFromHash(window.location.hash));

const queryClient = createQueryClient();
const alertStore = new AlertStore();
const monitorStore = new MonitorStore();
// Asked for now, while React renders the shell, rather than after the first render.
askForFirstScreen(useViewStore.getState().page, transport, queryClient, { alerts: alertStore, monitors: monitorStore });

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');
const root = createRoot(container);
root.render(
  <StrictMode>
    <App transport={transport} queryClient={queryClient} alertStore={alertStore} monitorStore={monitorStore} />
  </StrictMode>,
);
