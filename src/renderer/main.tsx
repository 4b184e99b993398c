import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { alertSnapshotQuery } from './api/alert-queries';
import { AlertStore } from './api/alert-store';
import { createQueryClient } from './api/query-client';
import { AccessNeeded } from './app/AccessNeeded';
import { App } from './app/App';
import { useViewStore, viewFromHash } from './state/view-store';
import { selectTransport } from './transport/select-transport';
import './styles.css';

// Serve mode without a valid session: the console gives way to how to get one.
const transport = selectTransport(window, () => root.render(<AccessNeeded />));
useViewStore.setState(viewFromHash(window.location.hash));

// The alert queue is the largest read and every page needs it (the alarm, the status in the title):
// ask core for it now, while React renders the shell, rather than after the first render.
const queryClient = createQueryClient();
const alertStore = new AlertStore();
void queryClient.prefetchQuery(alertSnapshotQuery(transport, alertStore));

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');
const root = createRoot(container);
root.render(
  <StrictMode>
    <App transport={transport} queryClient={queryClient} alertStore={alertStore} />
  </StrictMode>,
);
