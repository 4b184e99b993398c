import { QueryClient } from '@tanstack/react-query';
import { isTransportError } from '../transport/transport';

/** Only a core that did not answer is worth asking again; bad input or a refusal will not change by retrying. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  return isTransportError(error) && error.code === 'unavailable' && failureCount < 2;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: shouldRetry, retryDelay: 1_000, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}
