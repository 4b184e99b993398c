import { useConsoleName, useEffectiveSettings } from '../api/queries';
import { usePresence, whoIsWhere } from '../api/presence-queries';
import { useSeat } from '../api/seat-queries';
import { AccountMenu } from '../seat/AccountMenu';
import { formatClock, timeZoneLabel } from '../format/time';
import { ConsoleStatusBadge } from './ConsoleStatusBadge';
import { OnCallIndicator } from './OnCallIndicator';
import { SoundIndicator } from './SoundIndicator';
import { useNow } from './use-now';

export function AppHeader() {
  const { timeZone } = useEffectiveSettings();
  const consoleName = useConsoleName();
  const now = useNow();
  const seat = useSeat().data;
  const user = seat?.state === 'signed-in' || seat?.state === 'locked' ? seat.user : null;
  const presence = usePresence();
  const present = presence === undefined ? '' : whoIsWhere(presence);
  return (
    <header className="app-header">
      <span className="app-header__brand">Watchroom</span>
      <h1 className="app-header__console" data-testid="console-name">
        {consoleName ?? '…'}
      </h1>
      <ConsoleStatusBadge />
      <SoundIndicator />
      {user !== null ? <OnCallIndicator /> : null}
      {present !== '' ? (
        <span className="app-header__presence" data-testid="header-presence" title={present}>
          {present}
        </span>
      ) : null}
      {user !== null && seat?.state === 'signed-in' && seat.session.offline === true ? (
        <span className="app-header__offline" role="status" data-testid="signed-in-offline">
          Signed in offline: your changes wait until the hub is back
        </span>
      ) : null}
      <span className="app-header__clock" data-testid="header-clock">
        <time dateTime={new Date(now).toISOString()}>{formatClock(now, timeZone)}</time>{' '}
        <span className="app-header__zone">{timeZoneLabel(timeZone)}</span>
      </span>
      {seat?.state === 'signed-in' && seat.session.kind === 'device' ? (
        // A paired wall display: it watches; nobody signs in or out at it.
        <span className="account" data-testid="account">
          <span className="account__name" data-testid="account-name">
            {seat.session.seat}
          </span>{' '}
          <span className="account__role" data-testid="account-role">
            Wall display
          </span>
        </span>
      ) : user !== null ? (
        <AccountMenu user={user} />
      ) : null}
    </header>
  );
}
