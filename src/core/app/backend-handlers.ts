import { BackendChoice, WatchroomError, type BackendLink, type BackendState, type EventMessage } from '../../shared/contract';
import type { BackendRepository } from '../db';
import { inspectHubCertificate } from '../hub-link';
import type { Capability, MethodsOf } from '../service';

/** A hub to connect to: the saved choice with its seat credential, or serve mode's --hub flags. */
export interface HubConnection {
  address: string;
  fingerprint: string;
  seatId: string;
  credential: string;
}

/** The saved choice, with the credential when it is a hub; a choice that no longer parses is this workstation. */
export function savedBackend(repo: BackendRepository): HubConnection | null {
  const raw = repo.readChoice();
  const credential = repo.readCredential();
  if (raw === null || credential === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const choice = BackendChoice.safeParse(json);
  if (!choice.success || choice.data.kind !== 'hub') return null;
  return { address: choice.data.address, fingerprint: choice.data.fingerprint, seatId: choice.data.seatId, credential };
}

export interface BackendDeps {
  /** The workstation's own database (in a console connected to a hub, not the replica). */
  repo: BackendRepository;
  /** The hub this core runs against, or null for this workstation. */
  running: HubConnection | null;
  link: () => BackendLink;
}

export interface Backend {
  handlers: Capability<MethodsOf<'backend'>>['handlers'];
  /** What backend.state answers, for backend.changed events. */
  state(): BackendState;
}

/** backend.*: which backend this console uses and how fresh its data is; choosing one takes effect at the next start. */
export function createBackend({ repo, running, link }: BackendDeps): Backend {
  let chosenThisRun = false;
  const choice = (): BackendChoice => {
    const saved = savedBackend(repo);
    return saved ? { kind: 'hub', address: saved.address, fingerprint: saved.fingerprint, seatId: saved.seatId } : { kind: 'embedded' };
  };
  const sameAsRunning = (chosen: BackendChoice) =>
    chosen.kind === 'embedded'
      ? running === null
      : running !== null &&
        running.address === chosen.address &&
        running.fingerprint === chosen.fingerprint &&
        running.seatId === chosen.seatId;
  const state = (): BackendState => {
    const chosen = choice();
    const now: BackendChoice = running
      ? { kind: 'hub', address: running.address, fingerprint: running.fingerprint, seatId: running.seatId }
      : { kind: 'embedded' };
    return { running: now, choice: chosen, restartNeeded: chosenThisRun && !sameAsRunning(chosen), link: link() };
  };
  const changed = (after: BackendState): EventMessage[] => [{ event: 'backend.changed', payload: after }];
  return {
    state,
    handlers: {
      'backend.state': () => state(),
      'backend.inspectHub': async ({ address }) => {
        try {
          return await inspectHubCertificate(address);
        } catch (error) {
          throw new WatchroomError('unavailable', (error as Error).message);
        }
      },
      'backend.useHub': ({ address, fingerprint, seatId, credential }) => {
        const before = choice();
        const chosen: BackendChoice = { kind: 'hub', address, fingerprint, seatId };
        repo.writeHub(JSON.stringify(chosen), credential);
        chosenThisRun = true;
        const after = state();
        // The credential is never audited: the entry names the hub, its pinned certificate and the seat.
        return { value: after, target: address, before, after: chosen, events: changed(after) };
      },
      'backend.useEmbedded': () => {
        const before = choice();
        repo.clear();
        chosenThisRun = true;
        const after = state();
        return { value: after, target: 'this workstation', before, after: after.choice, events: changed(after) };
      },
    },
  };
}
