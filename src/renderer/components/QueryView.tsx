import type { ReactNode } from 'react';
import { Problem } from './Problem';

/** The part of a TanStack query a list section shows. */
interface ListQuery<T> {
  data: readonly T[] | undefined;
  error: Error | null;
  isError: boolean;
  isPending: boolean;
}

interface QueryViewProps<T> {
  query: ListQuery<T>;
  /** "Could not read the rules": core's message follows, after a colon or (with failureAfter) in the detail. */
  failure: string;
  /** A sentence after core's message in the problem's detail ("The list is read again when core is reachable."). */
  failureAfter?: string;
  failureTestId?: string;
  /** "Reading the rules…" */
  loading: string;
  /** What an empty list means, in words ("No rules: nothing raises an alert."). */
  empty: ReactNode;
  emptyTestId?: string;
  /** The table, given a list that is not empty. */
  children: (rows: readonly T[]) => ReactNode;
}

/**
 * A list read from core, as every section shows one: the problem when the read failed, a status
 * while it is under way, what an empty list means, and the table otherwise. Each is shown on its
 * own: a failed refetch keeps the rows read before beside the problem.
 */
export function QueryView<T>({ query, failure, failureAfter, failureTestId, loading, empty, emptyTestId, children }: QueryViewProps<T>) {
  const message = query.error?.message ?? '';
  return (
    <>
      {query.isError ? (
        failureAfter === undefined ? (
          <Problem title={`${failure}: ${message}`} testId={failureTestId} />
        ) : (
          <Problem title={failure} testId={failureTestId}>
            {message} {failureAfter}
          </Problem>
        )
      ) : null}
      {query.isPending ? (
        <p className="loading" role="status">
          {loading}
        </p>
      ) : null}
      {query.data && query.data.length === 0 ? (
        <p className="empty" data-testid={emptyTestId}>
          {empty}
        </p>
      ) : null}
      {query.data && query.data.length > 0 ? children(query.data) : null}
    </>
  );
}
