import type { AppInfo } from '../../shared/contract';
import { useAppInfo, useConsoleName } from '../api/queries';
import { BackendIndicator } from './BackendIndicator';
import { ConnectionIndicator } from './ConnectionIndicator';

function EncryptionStatus({ database }: { database: AppInfo['database'] | undefined }) {
  if (database === undefined) {
    return (
      <span className="status-item" data-testid="db-encryption">
        Database encrypted: …
      </span>
    );
  }
  if (database.encrypted) {
    return (
      <span className="status-item status-item--ok" data-testid="db-encryption" data-encrypted="true">
        Database encrypted: yes{database.cipher ? ` (${database.cipher})` : ''}
      </span>
    );
  }
  return (
    <span className="status-item status-item--warning" data-testid="db-encryption" data-encrypted="false">
      <span aria-hidden="true">⚠</span> Database encrypted: NO — data on this workstation is readable without the key
    </span>
  );
}

/** Always on screen: whether core is there, whether its data is protected, and which console this is. */
export function StatusBar() {
  const info = useAppInfo().data;
  const consoleName = useConsoleName();
  return (
    <footer className="status-bar" aria-label="Status">
      <ConnectionIndicator />
      <BackendIndicator />
      <EncryptionStatus database={info?.database} />
      <span className="status-bar__spacer" />
      <span className="status-item" data-testid="status-console-name">
        {consoleName ?? '…'}
      </span>
      <span className="status-item" data-testid="app-mode">
        Mode: {info?.mode ?? '…'}
      </span>
      <span className="status-item" data-testid="app-version">
        Watchroom {info ? `v${info.version}` : '…'}
      </span>
    </footer>
  );
}
