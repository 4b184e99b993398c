import { Component, useEffect, useRef, type ErrorInfo, type ReactNode } from 'react';
import { useConnection } from '../api/connection';
import { isCodeLoadFailure } from './page-loaders';

interface BoundaryProps {
  /** What to show instead of the children once they failed. */
  fallback: (error: Error, reset: () => void) => ReactNode;
  children: ReactNode;
}

interface BoundaryState {
  error: Error | null;
}

/** Keeps a failure where it happened: what failed is replaced by a message, never by an empty window. */
class ErrorBoundary extends Component<BoundaryProps, BoundaryState> {
  override state: BoundaryState = { error: null };

  static getDerivedStateFromError(error: unknown): BoundaryState {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    // Kept in the developer console with where it happened; the operator sees the message.
    console.error('Watchroom console error', error, info.componentStack);
  }

  private readonly reset = () => this.setState({ error: null });

  override render(): ReactNode {
    return this.state.error === null ? this.props.children : this.props.fallback(this.state.error, this.reset);
  }
}

/** Calls retry when the connection to core comes back (not while it stays up: a page that fails with core up is not retried in a loop). */
function useRetryWhenConnected(retry: () => void): void {
  const { state } = useConnection();
  const previous = useRef(state);
  useEffect(() => {
    const cameBack = previous.current !== 'connected' && state === 'connected';
    previous.current = state;
    if (cameBack) retry();
  }, [state, retry]);
}

function PageFailed({ error, retry }: { error: Error; retry: () => void }) {
  const codeMissing = isCodeLoadFailure(error);
  useRetryWhenConnected(codeMissing ? retry : noop);
  return (
    <div className="problem page-failed" role="alert" data-testid="page-failed" data-reason={codeMissing ? 'code' : 'error'}>
      <strong className="problem__title">
        <span aria-hidden="true">⚠ </span>
        {codeMissing ? 'This page could not be opened: its code did not arrive from core.' : 'This page stopped because of an error.'}
      </strong>
      <div className="problem__detail">
        <p>
          {codeMissing
            ? 'Core (or the network to it) is probably down. The page opens by itself as soon as the connection is back; the header, the banners and the pages already opened keep working.'
            : 'The rest of the console keeps working. Try the page again; if it fails again, reload the window and tell the administrator what you did.'}
        </p>
        <p className="muted mono">{error.message}</p>
        <div className="form-actions">
          <button type="button" className="button button--primary" onClick={retry} data-testid="page-failed-retry">
            Try again
          </button>
          <button type="button" className="button" onClick={() => window.location.reload()}>
            Reload the window
          </button>
        </div>
      </div>
    </div>
  );
}

const noop = () => undefined;

/**
 * Around each page: a page that fails (its code not loaded while core is away, or a fault) shows
 * what happened and what to do in the page's place, and the rest of the console keeps working.
 * `onRetry` is called before the page is tried again (a lazy page needs a new loader).
 */
export function PageErrorBoundary({ onRetry, children }: { onRetry: () => void; children: ReactNode }) {
  return (
    <ErrorBoundary
      fallback={(error, reset) => (
        <PageFailed
          error={error}
          retry={() => {
            onRetry();
            reset();
          }}
        />
      )}
    >
      {children}
    </ErrorBoundary>
  );
}

/** Around the whole console: the last line, so the window is never left empty (black) whatever fails. */
export function RootErrorBoundary({ children }: { children: ReactNode }) {
  return (
    <ErrorBoundary
      fallback={(error) => (
        <div className="root-failed" role="alert" data-testid="root-failed">
          <h1>Watchroom stopped because of an error</h1>
          <p>
            Nothing was lost in core: alerts, probes and backups carry on there. Reload the window to open the console again; if it keeps
            failing, tell the administrator.
          </p>
          <p className="muted mono">{error.message}</p>
          <button
            type="button"
            className="button button--primary"
            onClick={() => window.location.reload()}
            data-testid="root-failed-reload"
          >
            Reload the window
          </button>
        </div>
      )}
    >
      {children}
    </ErrorBoundary>
  );
}
