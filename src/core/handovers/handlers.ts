import { randomBytes } from 'node:crypto';
import {
  WatchroomError,
  type EventMessage,
  type Handover,
  type HandoverItem,
  type Incident,
  type ParsedInput,
} from '../../shared/contract';
import { conflictTimeFormatter } from '../../shared/domain/conflict-time';
import { nearestShiftChange, normalizedBoundaries } from '../../shared/domain/shifts';
import type { Actor, CallContext, Capability, CapabilityContext, CommandOutcome, MethodsOf } from '../service';
import { buildItems } from './build';
import { toHandover, toHandoverItemRow, toHandoverRow, toShiftPlan } from './model';
import type { HandoverAlerting, HandoverIncidents, HandoverSources } from './ports';

export type HandoverMethods = MethodsOf<'handovers'>;

export interface HandoverDeps extends Pick<CapabilityContext, 'repos' | 'clock' | 'identity'> {
  sources: HandoverSources;
  incidents: HandoverIncidents;
  alerting: HandoverAlerting;
}

const newId = () => randomBytes(8).toString('base64url');
/** How many handovers the history shows: a year of two shifts a day. */
const HISTORY_LIMIT = 800;

/** "Shift handover 19:00" (with the day when it is not today): the name of a handover in texts and alerts. */
export function handoverName(boundaryAt: number, formatTime: (ms: number) => string): string {
  return `Shift handover ${formatTime(boundaryAt)}`;
}

/** Handover commands and queries; every rule about who may do what, and who got there first, lives here. */
export function createHandoverHandlers(deps: HandoverDeps): Capability<HandoverMethods>['handlers'] {
  const { repos, clock } = deps;
  const repo = repos.handovers;
  const formatTime = () => conflictTimeFormatter(deps.identity.timeZone(), clock.now());
  const nameOf = (handover: Handover) => handoverName(handover.boundaryAt, formatTime());

  function read(id: string): Handover | null {
    const row = repo.getHandover(id);
    return row ? toHandover(row, repo.items(id)) : null;
  }

  function requireHandover(id: string): Handover {
    const handover = read(id);
    if (!handover) throw new WatchroomError('not_found', `There is no handover ${id}`);
    return handover;
  }

  function requireItem(handover: Handover, itemId: string): HandoverItem {
    const found = handover.items.find((item) => item.id === itemId);
    if (!found)
      throw new WatchroomError('invalid_input', `${nameOf(handover)} has no item ${itemId}`, [{ path: 'itemId', message: 'No such item' }]);
    return found;
  }

  /** The outgoing operator's own commands: notes, handing over, answers. */
  function requireOutgoing(handover: Handover, actor: Actor, doing: string): void {
    if (handover.outgoingId !== actor.id)
      throw new WatchroomError('forbidden', `Only ${handover.outgoing}, who hands this shift over, can ${doing}`);
  }

  /**
   * The incoming side: a handed-over handover, someone other than the outgoing operator, and the
   * first other person to take it up (a second seat gets a conflict naming who has it).
   */
  function requireIncoming(handover: Handover, actor: Actor): void {
    if (handover.state === 'draft')
      throw new WatchroomError('conflict', `${handover.outgoing} has not handed ${nameOf(handover)} over yet: wait until they sign it`);
    if (handover.state === 'complete')
      throw new WatchroomError(
        'conflict',
        `${nameOf(handover)} is complete: ${handover.incoming ?? 'the incoming operator'} accepted every item at ${formatTime()(handover.completedAt ?? 0)}`,
      );
    if (handover.outgoingId === actor.id)
      throw new WatchroomError(
        'forbidden',
        `You handed ${nameOf(handover)} over: the incoming operator accepts it, signed in as themselves`,
      );
    if (handover.incomingId !== null && handover.incomingId !== actor.id)
      throw new WatchroomError('conflict', `${handover.incoming ?? 'Someone'} is taking over ${nameOf(handover)}: they accept its items`);
  }

  function save(
    before: Handover | null,
    after: Handover,
    changedItems: readonly HandoverItem[] | 'all',
    summary: Record<string, unknown>,
    extraEvents: EventMessage[] = [],
    afterCommit?: () => void,
  ): CommandOutcome<Handover> {
    repo.saveHandover(toHandoverRow(after));
    if (changedItems === 'all')
      repo.replaceItems(
        after.id,
        after.items.map((item, position) => toHandoverItemRow(after.id, position, item)),
      );
    else
      for (const item of changedItems)
        repo.saveItem(
          toHandoverItemRow(
            after.id,
            after.items.findIndex((i) => i.id === item.id),
            item,
          ),
        );
    return {
      value: after,
      target: `handover:${after.id}`,
      before: before === null ? null : { state: before.state, incoming: before.incoming },
      after: { state: after.state, boundaryAt: after.boundaryAt, outgoing: after.outgoing, incoming: after.incoming, ...summary },
      events: [...extraEvents, { event: 'handovers.changed', payload: { handover: after } }],
      ...(afterCommit ? { afterCommit } : {}),
    };
  }

  const withItem = (handover: Handover, changed: HandoverItem): Handover => ({
    ...handover,
    items: handover.items.map((item) => (item.id === changed.id ? changed : item)),
  });

  return {
    'handovers.current': () => {
      const shifts = toShiftPlan(repo.shiftPlan());
      const boundaryAt = nearestShiftChange(shifts.boundaries, deps.identity.timeZone(), clock.now());
      const row = boundaryAt === null ? undefined : repo.handoverAt(boundaryAt);
      return { shifts, boundaryAt, handover: row ? toHandover(row, repo.items(row.id)) : null };
    },
    'handovers.list': () => repo.listHandovers(HISTORY_LIMIT).map((row) => toHandover(row, repo.items(row.id))),
    'handovers.get': ({ id }: { id: string }) => requireHandover(id),

    'handovers.start': (_input: unknown, { actor }: CallContext) => {
      const shifts = toShiftPlan(repo.shiftPlan());
      const now = clock.now();
      const boundaryAt = nearestShiftChange(shifts.boundaries, deps.identity.timeZone(), now);
      if (boundaryAt === null)
        throw new WatchroomError(
          'conflict',
          'This console has no shifts yet: a supervisor sets when shifts change first (Hand over, Shifts)',
        );
      const existingRow = repo.handoverAt(boundaryAt);
      const existing = existingRow ? toHandover(existingRow, repo.items(existingRow.id)) : null;
      if (existing && existing.state !== 'draft')
        throw new WatchroomError(
          'conflict',
          `${nameOf(existing)} already handed over by ${existing.outgoing} at ${formatTime()(existing.handedOverAt ?? existing.createdAt)}`,
        );
      if (existing && existing.outgoingId !== actor.id)
        throw new WatchroomError(
          'conflict',
          `${existing.outgoing} started ${nameOf(existing)} at ${formatTime()(existing.createdAt)}: it is theirs to hand over`,
        );
      const notes = new Map(existing?.items.map((item) => [item.id, item.note]) ?? []);
      const items = buildItems(deps.sources, { now, boundaryAt, formatTime: formatTime() }).map((item) => ({
        ...item,
        note: notes.get(item.id) ?? '',
      }));
      const handover: Handover = existing
        ? { ...existing, items }
        : {
            id: newId(),
            boundaryAt,
            state: 'draft',
            outgoingId: actor.id,
            outgoing: actor.displayName,
            incomingId: null,
            incoming: null,
            generalNote: '',
            createdAt: now,
            handedOverAt: null,
            completedAt: null,
            items,
          };
      return save(existing, handover, 'all', { items: items.map((item) => item.title) });
    },

    'handovers.setNotes': ({ id, generalNote, items }: ParsedInput<'handovers.setNotes'>, { actor }: CallContext) => {
      const before = requireHandover(id);
      requireOutgoing(before, actor, 'write its notes');
      // Notes are what the incoming operator accepted: once handed over they stay as signed; answers go to questions.
      if (before.state !== 'draft')
        throw new WatchroomError(
          'conflict',
          `${nameOf(before)} was handed over at ${formatTime()(before.handedOverAt ?? 0)}: its notes stay as signed; answer a question instead`,
        );
      const changed = items.map(({ itemId, note }) => ({ ...requireItem(before, itemId), note }));
      const after = changed.reduce(withItem, { ...before, generalNote });
      return save(before, after, changed, { generalNote, notes: changed.map((item) => ({ item: item.title, note: item.note })) });
    },

    'handovers.handOver': ({ id }: { id: string }, { actor }: CallContext) => {
      const before = requireHandover(id);
      requireOutgoing(before, actor, 'hand it over');
      if (before.state !== 'draft')
        throw new WatchroomError('conflict', `${nameOf(before)} already handed over at ${formatTime()(before.handedOverAt ?? 0)}`);
      const after: Handover = { ...before, state: 'handed-over', handedOverAt: clock.now() };
      return save(before, after, [], { items: before.items.length });
    },

    'handovers.accept': ({ id, itemId }: ParsedInput<'handovers.accept'>, { actor }: CallContext) => {
      const before = requireHandover(id);
      const current = requireItem(before, itemId);
      if (current.state === 'accepted')
        throw new WatchroomError(
          'conflict',
          `"${current.title}" already accepted by ${current.acceptedBy ?? 'someone'} at ${formatTime()(current.acceptedAt ?? 0)}`,
        );
      requireIncoming(before, actor);
      const now = clock.now();
      const accepted: HandoverItem = { ...current, state: 'accepted', acceptedBy: actor.displayName, acceptedAt: now };
      const taken = { ...withItem(before, accepted), incomingId: actor.id, incoming: actor.displayName };
      const complete = taken.items.every((item) => item.state === 'accepted');
      const after: Handover = complete ? { ...taken, state: 'complete', completedAt: now } : taken;
      let incident: Incident | null = null;
      if (current.kind === 'incident' && current.subjectId !== null)
        incident = deps.incidents.acceptOwnership(
          current.subjectId,
          { id: actor.id, displayName: actor.displayName },
          `${actor.displayName} accepted it from ${before.outgoing} at the ${nameOf(before).toLowerCase()}${current.note ? `: ${current.note}` : ''}`,
        );
      return save(
        before,
        after,
        [accepted],
        { item: current.title, ...(incident ? { incidentOwner: incident.owner } : {}) },
        incident ? [{ event: 'incidents.changed', payload: { incidents: [incident] } }] : [],
        complete
          ? () => deps.alerting.clear(after.boundaryAt, nameOf(after), `${nameOf(after)} accepted by ${actor.displayName}`)
          : undefined,
      );
    },

    'handovers.ask': ({ id, itemId, question }: ParsedInput<'handovers.ask'>, { actor }: CallContext) => {
      const before = requireHandover(id);
      const current = requireItem(before, itemId);
      requireIncoming(before, actor);
      if (current.state === 'accepted')
        throw new WatchroomError('conflict', `"${current.title}" already accepted by ${current.acceptedBy ?? 'someone'}: nothing to ask`);
      const asked: HandoverItem = { ...current, state: 'question', question, askedAt: clock.now(), answer: null, answeredAt: null };
      const after = { ...withItem(before, asked), incomingId: actor.id, incoming: actor.displayName };
      return save(before, after, [asked], { item: current.title, question });
    },

    'handovers.answer': ({ id, itemId, answer }: ParsedInput<'handovers.answer'>, { actor }: CallContext) => {
      const before = requireHandover(id);
      requireOutgoing(before, actor, 'answer questions about it');
      const current = requireItem(before, itemId);
      if (current.state !== 'question')
        throw new WatchroomError(
          'conflict',
          current.state === 'accepted'
            ? `"${current.title}" already accepted by ${current.acceptedBy ?? 'someone'}: no question waits`
            : `No question waits on "${current.title}"`,
        );
      const answered: HandoverItem = { ...current, state: 'open', answer, answeredAt: clock.now() };
      return save(before, withItem(before, answered), [answered], { item: current.title, answer });
    },

    'handovers.setShifts': ({ boundaries }: ParsedInput<'handovers.setShifts'>, { actor }: CallContext) => {
      const before = toShiftPlan(repo.shiftPlan());
      const after = { boundaries: normalizedBoundaries(boundaries), setBy: actor.displayName, setAt: clock.now() };
      repo.saveShiftPlan(after);
      return { value: after, target: 'shifts', before: { boundaries: before.boundaries }, after: { boundaries: after.boundaries } };
    },
  };
}
