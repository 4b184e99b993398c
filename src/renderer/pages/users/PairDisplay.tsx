import { PairDeviceInput } from '../../../shared/contract';
import { PAIR_HASH_PARAM } from '../../../shared/domain/serve-access';
import { seatKeys } from '../../api/seat-queries';
import { ShownOnceForm } from './ShownOnceForm';

/**
 * The console's own address with the code in its fragment, which never reaches a server log. It
 * opens on the wall view: a paired display is a wall.
 */
export function pairingAddress(location: Pick<Location, 'origin' | 'pathname'>, code: string): string {
  return `${location.origin}${location.pathname}#${PAIR_HASH_PARAM}=${encodeURIComponent(code)}&page=wall`;
}

/**
 * Pairs a wall display as a viewer device: a long-lived session with no idle lock, ended from the
 * Sessions page. The pairing address is shown once: opened on the display, it signs it in.
 */
export function PairDisplay({ onDone }: { onDone(): void }) {
  return (
    <ShownOnceForm
      method="devices.pair"
      input={PairDeviceInput}
      stale={[seatKeys.sessions]}
      title="Pair a wall display"
      nameLabel="Display name"
      nameHint="Where it hangs, as the audit log will name it."
      submitLabel="Pair"
      refusedAs="Not paired"
      testIds={{ form: 'pair-display-form', name: 'pair-display-name', submit: 'pair-display-submit', done: 'pair-display-done' }}
      shown={(paired) => ({
        title: `${paired.session.seat} is ready to pair`,
        body: (
          <>
            <p>
              On the display, open the address serve mode printed (its access token), then this address. It signs the display in as a viewer
              that never locks, until it is ended on the Sessions page, and opens the wall view. It is shown only this once.
            </p>
            <p>
              <code className="pairing-address" data-testid="pairing-address">
                {pairingAddress(window.location, paired.pairingCode)}
              </code>
            </p>
          </>
        ),
      })}
      onDone={onDone}
    />
  );
}
