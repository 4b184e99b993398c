import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createQueryClient } from './api/query-client';
import { App } from './app/App';
import { useViewStore, viewFromHash } from './state/view-store';
import { selectTransport } from './transport/select-transport';
import './styles.css';

const transport = selectTransport(window);
useViewStore.setState(viewFromHash(window.location.hash));

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');
createRoot(container).render(
  <StrictMode>
    <App transport={transport} queryClient={createQueryClient()} />
  </StrictMode>,
);
