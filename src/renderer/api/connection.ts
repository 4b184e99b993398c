import { useSyncExternalStore } from 'react';
import type { ConnectionSnapshot } from '../transport/transport';
import { useTransport } from './transport-context';

export function useConnection(): ConnectionSnapshot {
  const transport = useTransport();
  return useSyncExternalStore(transport.onConnectionChange, transport.getConnection);
}
