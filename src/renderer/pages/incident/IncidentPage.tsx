import { useEffect, useMemo, useRef, useState } from 'react';
import { stepPermission, type Incident, type IncidentDetail, type SopStep } from '../../../shared/contract';
import { checklist, nextOpenStepId, openRequiredSteps } from '../../../shared/domain/sop-checklist';
import { useIncidentDetail } from '../../api/incident-queries';
import { useEffectiveSettings, useWhoAmI } from '../../api/queries';
import { usePresence, useViewingIncident, viewersOf } from '../../api/presence-queries';
import { useSeat } from '../../api/seat-queries';
import { refusalOf, useCan } from '../../api/use-can';
import { AskSupervisorButton } from '../../components/StepUpDialog';
import { Problem } from '../../components/Problem';
import { useNow } from '../../components/use-now';
import { useSharedNow } from '../../components/use-shared-now';
import { formatTimestamp, type TimeZoneSetting } from '../../format/time';
import { useViewStore } from '../../state/view-store';
import { IncidentHeader } from './IncidentHeader';
import { IncidentStepUp, type PendingStepUp } from './IncidentStepUp';
import { IncidentTimeline } from './IncidentTimeline';
import { OwnershipPanel } from './OwnershipPanel';
import { ReportExport } from './ReportExport';
import { ResolveIncidentDialog } from './ResolveIncidentDialog';
import { ReviewPanel } from './ReviewPanel';
import { SlaPanel } from './SlaPanel';
import { SopChecklist, type StepHandlers } from './SopChecklist';
import { StatusUpdateDialog } from './StatusUpdateDialog';
import { StepDoneDialog } from './StepDoneDialog';
import { TextDialog } from './TextDialog';
import { useIncidentAction } from './use-incident-action';
import { useIncidentKeys } from './use-incident-keys';
import './incident.css';

/** The dialogs of the incident's work; ownership keeps its own. */
/** `byStepUp`: the answer is sent through a supervisor's step-up at the seat, not by the person alone. */
type WorkDialog =
  | { kind: 'step-done'; step: SopStep; byStepUp?: boolean }
  | { kind: 'skip'; step: SopStep; byStepUp?: boolean }
  | { kind: 'reopen'; step: SopStep; byStepUp?: boolean }
  | { kind: 'note' }
  | { kind: 'update' }
  | { kind: 'resolve'; byStepUp?: boolean };

/** The clocks tick every second on their own, so the rest of the page is not rendered that often. */
function TickingSlaPanel({
  incident,
  timeZone,
  onPostUpdate,
}: {
  incident: Incident;
  timeZone: TimeZoneSetting;
  onPostUpdate: (() => void) | null;
}) {
  const now = useNow(1_000);
  return <SlaPanel incident={incident} now={now} timeZone={timeZone} onPostUpdate={onPostUpdate} />;
}

function ResolvedNotice({ incident, timeZone }: { incident: Incident; timeZone: TimeZoneSetting }) {
  return (
    <div className="incident-resolved" data-testid="incident-resolved">
      <p className="incident-resolved__title">
        <span aria-hidden="true">✓ </span>Resolved{incident.resolvedAt === null ? '' : ` ${formatTimestamp(incident.resolvedAt, timeZone)}`}
        . Its work is finished: notes and the review can still be written, and the report exported.
      </p>
      {incident.resolution ? <p className="incident-resolved__text">{incident.resolution}</p> : null}
      {incident.resolveOverride ? (
        <p className="incident-resolved__override">Resolved with required steps open. Reason: {incident.resolveOverride}</p>
      ) : null}
    </div>
  );
}

const KEY_HINT = 'j/k move · space do · x skip · n note · u status update · r resolve';

/** The incident being worked: its checklist as the main panel, the clocks beside it, and everything around it. */
function IncidentWork({ detail }: { detail: IncidentDetail }) {
  const { incident, template, timeline } = detail;
  const { timeZone } = useEffectiveSettings();
  // Overdue steps are a matter of minutes: the shared coarse clock is enough for the list.
  const now = useSharedNow();
  const resolved = incident.state === 'resolved';
  // Whoever may not work this incident (a viewer, or someone of another site) reads it: no controls, one line saying who may.
  const work = useCan('incidents.setState', { siteId: incident.siteId });
  const readOnly = resolved || !work.allowed;
  const who = useWhoAmI();
  const steps = useMemo(() => template?.steps ?? [], [template]);
  const items = useMemo(() => checklist(steps, incident.steps, incident.startedAt, now), [steps, incident.steps, incident.startedAt, now]);
  const stepIds = useMemo(() => steps.map((step) => step.id), [steps]);

  const [chosenFocus, setChosenFocus] = useState<string | null>(null);
  const focusedId = chosenFocus ?? nextOpenStepId(steps, incident.steps) ?? stepIds[0] ?? null;
  const [dialog, setDialog] = useState<WorkDialog | null>(null);
  const [stepUp, setStepUp] = useState<PendingStepUp | null>(null);

  const check = useIncidentAction('incidents.checkStep');
  const skip = useIncidentAction('incidents.skipStep');
  const reopen = useIncidentAction('incidents.reopenStep');
  const note = useIncidentAction('incidents.addNote');
  const postUpdate = useIncidentAction('incidents.postUpdate');
  const resolve = useIncidentAction('incidents.resolve');

  /** A dialog opens without the last refusal of its command: that was about another answer. */
  const clearErrors = () => {
    for (const action of [check, skip, reopen, note, postUpdate, resolve]) action.clearError();
  };
  const overrideNeeded = openRequiredSteps(steps, incident.steps).length > 0;
  const canResolve = useCan('incidents.resolve', {
    siteId: incident.siteId,
    ...(overrideNeeded ? { permission: 'incidents.resolveOverride', doing: 'resolve an incident with required steps open' } : {}),
  });
  /** Why this person may not do or skip a step (a supervisor's step); null when they may. */
  const stepRefusal = (step: SopStep) => {
    const permission = stepPermission(step.role);
    return refusalOf(who, 'incidents.checkStep', {
      siteId: incident.siteId,
      ...(permission === null ? {} : { permission, doing: `do "${step.title}"` }),
    });
  };
  const openDialog = (next: WorkDialog) => {
    if (!work.allowed) return;
    // A resolved incident still takes notes (core says so too); nothing else about its work changes.
    if (resolved && next.kind !== 'note') return;
    const byStepUp = 'byStepUp' in next && next.byStepUp === true;
    if (next.kind === 'resolve' && !canResolve.allowed && !byStepUp) return;
    if ((next.kind === 'step-done' || next.kind === 'skip') && stepRefusal(next.step) !== null && !byStepUp) return;
    clearErrors();
    setDialog(next);
  };
  /** The answer is complete: a supervisor at the seat authorizes it, then the page goes on as if the person had sent it. */
  const authorize = (call: PendingStepUp['call'], what: string, then: PendingStepUp['then']) => {
    setDialog(null);
    setStepUp({ call, what, then });
  };
  /** After a step is done or skipped, focus moves on to the next open step, where the work is. */
  const afterStep = (updated: Incident | null) => {
    if (updated === null) return;
    const next = nextOpenStepId(steps, updated.steps);
    if (next !== null) setChosenFocus(next);
    setDialog(null);
  };
  const closeOnSuccess = async (done: Promise<Incident | null>) => {
    if ((await done) !== null) setDialog(null);
  };
  const isOpenOnPath = (step: SopStep) => {
    const item = items.find((candidate) => candidate.step.id === step.id);
    return item !== undefined && item.record.status === 'open' && item.onPath;
  };

  const handlers: StepHandlers = {
    focus: setChosenFocus,
    doStep: (step) => {
      // A second space while core is still answering must not send the step twice.
      if (readOnly || check.pending || !isOpenOnPath(step) || stepRefusal(step) !== null) return;
      if (step.kind !== 'check') {
        openDialog({ kind: 'step-done', step });
        return;
      }
      clearErrors();
      void check.run({ id: incident.id, stepId: step.id }).then(afterStep);
    },
    doWithNote: (step) => openDialog({ kind: 'step-done', step }),
    skip: (step) => {
      if (isOpenOnPath(step)) openDialog({ kind: 'skip', step });
    },
    reopen: (step) => openDialog({ kind: 'reopen', step }),
    askSupervisor: (step, action) => {
      if (action === 'do' && step.kind === 'check' && isOpenOnPath(step))
        authorize({ method: 'incidents.checkStep', input: { id: incident.id, stepId: step.id } }, `Done: "${step.title}"`, afterStep);
      else if (action === 'do') openDialog({ kind: 'step-done', step, byStepUp: true });
      else if (action === 'skip') openDialog({ kind: 'skip', step, byStepUp: true });
      else openDialog({ kind: 'reopen', step, byStepUp: true });
    },
  };

  const stepById = (id: string | null) => steps.find((step) => step.id === id);
  useIncidentKeys({
    stepIds,
    focusedId,
    focus: setChosenFocus,
    doFocused: () => {
      const step = stepById(focusedId);
      if (step !== undefined) handlers.doStep(step);
    },
    skipFocused: () => {
      const step = stepById(focusedId);
      if (step !== undefined) handlers.skip(step);
    },
    addNote: () => openDialog({ kind: 'note' }),
    postUpdate: () => openDialog({ kind: 'update' }),
    resolve: () => openDialog({ kind: 'resolve' }),
  });

  return (
    <>
      <OwnershipPanel incident={incident} timeZone={timeZone} readOnly={readOnly} />
      {resolved ? <ResolvedNotice incident={incident} timeZone={timeZone} /> : null}
      {work.allowed ? null : (
        <p className="incident-read-only" data-testid="incident-read-only">
          Read only: {work.reason}
        </p>
      )}
      <div className="incident-page__work">
        <section className="panel incident-checklist" aria-labelledby="checklist-title">
          <div className="panel__head">
            <h3 className="panel__title" id="checklist-title">
              Checklist
            </h3>
            {readOnly ? null : <p className="muted incident-checklist__keys">{KEY_HINT}</p>}
          </div>
          {check.error !== null && dialog === null ? (
            <Problem title="Core refused this" testId="checklist-error">
              {check.error}
            </Problem>
          ) : null}
          {template === null ? (
            <p className="empty">This incident follows no SOP.</p>
          ) : (
            <SopChecklist
              items={items}
              focusedId={focusedId}
              readOnly={readOnly}
              siteId={incident.siteId}
              timeZone={timeZone}
              handlers={handlers}
            />
          )}
        </section>
        <aside className="incident-page__side" aria-label="Clocks and actions">
          <TickingSlaPanel incident={incident} timeZone={timeZone} onPostUpdate={readOnly ? null : () => openDialog({ kind: 'update' })} />
          <div className="incident-actions">
            {work.allowed ? (
              <button type="button" className="button" onClick={() => openDialog({ kind: 'note' })} data-testid="incident-add-note">
                Add a note <kbd className="key">n</kbd>
              </button>
            ) : null}
            {readOnly ? null : (
              <>
                <button type="button" className="button" onClick={() => openDialog({ kind: 'update' })} data-testid="incident-post-update">
                  Post a status update <kbd className="key">u</kbd>
                </button>
                <button
                  type="button"
                  className="button button--primary"
                  onClick={() => openDialog({ kind: 'resolve' })}
                  data-testid="incident-resolve"
                  {...canResolve.control}
                >
                  Resolve… <kbd className="key">r</kbd>
                </button>
                {canResolve.note}
                <AskSupervisorButton
                  can={canResolve}
                  label="Ask a supervisor to resolve…"
                  onClick={() => openDialog({ kind: 'resolve', byStepUp: true })}
                  testId="incident-resolve-ask-supervisor"
                />
              </>
            )}
          </div>
        </aside>
      </div>
      <IncidentTimeline events={timeline} timeZone={timeZone} />
      <ReviewPanel incident={incident} timeZone={timeZone} />
      <ReportExport incidentId={incident.id} />

      {dialog?.kind === 'step-done' ? (
        <StepDoneDialog
          step={dialog.step}
          steps={steps}
          pending={check.pending}
          error={check.error}
          onSubmit={(answer) => {
            const input = { id: incident.id, stepId: dialog.step.id, ...answer };
            if (dialog.byStepUp === true) authorize({ method: 'incidents.checkStep', input }, `Done: "${dialog.step.title}"`, afterStep);
            else void check.run(input).then(afterStep);
          }}
          onCancel={() => setDialog(null)}
        />
      ) : null}
      {dialog?.kind === 'skip' ? (
        <TextDialog
          title="Skip the step"
          testIdPrefix="skip-step"
          subject={<strong>{dialog.step.title}</strong>}
          label="Why is it skipped?"
          hint="Required. The supervisor is told, and the reason goes on the timeline and in the report."
          placeholder="e.g. Keyholder already on site"
          required
          requiredMessage="Say why the step is skipped: the supervisor reads it."
          maxLength={500}
          submitLabel="Skip step"
          pending={skip.pending}
          error={skip.error}
          onSubmit={(reason) => {
            const input = { id: incident.id, stepId: dialog.step.id, reason };
            if (dialog.byStepUp === true) authorize({ method: 'incidents.skipStep', input }, `Skip: "${dialog.step.title}"`, afterStep);
            else void skip.run(input).then(afterStep);
          }}
          onCancel={() => setDialog(null)}
        />
      ) : null}
      {dialog?.kind === 'reopen' ? (
        <TextDialog
          title="Reopen the step"
          testIdPrefix="reopen-step"
          subject={<strong>{dialog.step.title}</strong>}
          label="Why is it opened again?"
          placeholder="e.g. Recorder failed again after the restart"
          required
          requiredMessage="Say why the step is opened again."
          maxLength={500}
          submitLabel="Reopen step"
          pending={reopen.pending}
          error={reopen.error}
          onSubmit={(reason) => {
            const { step } = dialog;
            const input = { id: incident.id, stepId: step.id, reason };
            if (dialog.byStepUp === true) {
              authorize({ method: 'incidents.reopenStep', input }, `Reopen: "${step.title}"`, () => setChosenFocus(step.id));
              return;
            }
            void reopen.run(input).then((updated) => {
              if (updated === null) return;
              setDialog(null);
              setChosenFocus(step.id);
            });
          }}
          onCancel={() => setDialog(null)}
        />
      ) : null}
      {dialog?.kind === 'note' ? (
        <TextDialog
          title="Add a note"
          testIdPrefix="note"
          label="Note"
          hint="It goes on the timeline with your name and the time."
          placeholder="What you saw, heard or did"
          required
          requiredMessage="Write the note first."
          maxLength={2000}
          submitLabel="Save note"
          pending={note.pending}
          error={note.error}
          onSubmit={(text) => void closeOnSuccess(note.run({ id: incident.id, note: text }))}
          onCancel={() => setDialog(null)}
        />
      ) : null}
      {dialog?.kind === 'update' ? (
        <StatusUpdateDialog
          incident={incident}
          pending={postUpdate.pending}
          error={postUpdate.error}
          onSubmit={(update) => void closeOnSuccess(postUpdate.run({ id: incident.id, ...update }))}
          onCancel={() => setDialog(null)}
        />
      ) : null}
      {dialog?.kind === 'resolve' ? (
        <ResolveIncidentDialog
          openRequired={openRequiredSteps(steps, incident.steps)}
          pending={resolve.pending}
          error={resolve.error}
          onSubmit={(resolution) => {
            const input = { id: incident.id, ...resolution };
            if (dialog.byStepUp === true)
              authorize({ method: 'incidents.resolve', input }, 'Resolve the incident with required steps open', () => {});
            else void closeOnSuccess(resolve.run(input));
          }}
          onCancel={() => setDialog(null)}
        />
      ) : null}
      {stepUp !== null ? <IncidentStepUp pending={stepUp} onClose={() => setStepUp(null)} /> : null}
    </>
  );
}

/** One incident, worked from the keyboard: everything the incident page shows, for the incident given. */
export function IncidentView({ incidentId }: { incidentId: string }) {
  const detail = useIncidentDetail(incidentId);
  useViewingIncident(incidentId);
  const presence = usePresence();
  const seat = useSeat().data;
  const selfUserId = seat?.state === 'signed-in' || seat?.state === 'locked' ? seat.user.id : null;
  const viewers = presence === undefined ? null : viewersOf(presence, incidentId, selfUserId);
  const { timeZone } = useEffectiveSettings();
  const showPage = useViewStore((state) => state.showPage);
  const viewRef = useRef<HTMLElement>(null);
  // Arriving here (from the create dialog, a banner, the list) leaves focus on whatever was clicked
  // there, often a navigation button that space would press: the checklist's keys start here.
  useEffect(() => {
    const view = viewRef.current;
    if (view !== null && !view.contains(document.activeElement)) view.focus({ preventScroll: true });
  }, [incidentId]);
  return (
    <section
      ref={viewRef}
      tabIndex={-1}
      className="incident-page"
      aria-labelledby="incident-title"
      data-testid="incident-view"
      data-incident-id={incidentId}
      data-state={detail.data?.incident.state}
    >
      <button type="button" className="button button--quiet back-link" onClick={() => showPage('incidents')}>
        ← Incidents
      </button>
      {detail.isError ? (
        <Problem title="Could not read this incident" testId="incident-error">
          {detail.error.message} It is read again when core is reachable.
        </Problem>
      ) : null}
      {detail.isPending ? (
        <p className="loading" role="status">
          Reading the incident…
        </p>
      ) : null}
      {detail.data !== undefined ? (
        <>
          <IncidentHeader incident={detail.data.incident} timeZone={timeZone} />
          {viewers !== null ? (
            <p className="incident-page__viewers" data-testid="incident-viewers">
              {viewers}
            </p>
          ) : null}
          <IncidentWork key={incidentId} detail={detail.data} />
        </>
      ) : null}
    </section>
  );
}

/** The incident page: the incident the view state names. */
export function IncidentPage() {
  const incidentId = useViewStore((state) => state.incidentId);
  if (incidentId === null) {
    return (
      <section className="incident-page" data-testid="incident-view">
        <p className="empty">No incident chosen. Open one from the incident list.</p>
      </section>
    );
  }
  return <IncidentView key={incidentId} incidentId={incidentId} />;
}
