import { useEffect } from 'react';
import { stepPermission, type SopStep, type SopStepPage, type StepKind } from '../../../shared/contract';
import type { ChecklistItem } from '../../../shared/domain/sop-checklist';
import { useCan } from '../../api/use-can';
import { AskSupervisorButton } from '../../components/StepUpDialog';
import { NAV_ITEMS } from '../../components/nav-items';
import { formatTimestamp, type TimeZoneSetting } from '../../format/time';
import { useViewStore } from '../../state/view-store';

export function stepElementId(stepId: string): string {
  return `sop-step-${stepId}`;
}

/** What space does on an open step of each kind, for its button. */
export const DO_STEP_LABEL: Record<StepKind, string> = { check: 'Done', 'yes-no': 'Answer…', input: 'Enter value…' };

export interface StepHandlers {
  focus(stepId: string): void;
  /** Space: done at once for a check step, a question for the others. */
  doStep(step: SopStep): void;
  doWithNote(step: SopStep): void;
  skip(step: SopStep): void;
  reopen(step: SopStep): void;
  /** A supervisor at the seat authorizes doing, skipping or reopening a step the person's role may not. */
  askSupervisor(step: SopStep, action: 'do' | 'skip' | 'reopen'): void;
}

const STATUS_MARK = { open: '○', done: '✓', skipped: '⤼' } as const;

function StepFacts({ item, timeZone }: { item: ChecklistItem; timeZone: TimeZoneSetting }) {
  const { step, record } = item;
  const when = record.at === null ? '' : `, ${formatTimestamp(record.at, timeZone)}`;
  if (record.status === 'done') {
    return (
      <div className="sop-step__record" data-testid="sop-step-record">
        <span>
          Done by <strong>{record.by ?? 'someone'}</strong>
          {when}
        </span>
        {record.answer !== null ? (
          <span>
            {' '}
            · answer <strong>{record.answer === 'yes' ? 'Yes' : 'No'}</strong>
          </span>
        ) : null}
        {record.value !== null ? (
          <span>
            {' '}
            · {step.input?.label ?? 'value'} <strong className="mono">{record.value}</strong>
          </span>
        ) : null}
        {record.pendingSync ? (
          <span className="badge badge--compact badge--pending" data-testid="pending-sync">
            <span aria-hidden="true">⟳ </span>pending sync
          </span>
        ) : null}
        {record.note ? <p className="sop-step__note">“{record.note}”</p> : null}
      </div>
    );
  }
  if (record.status === 'skipped') {
    return (
      <div className="sop-step__record" data-testid="sop-step-record">
        <span>
          Skipped by <strong>{record.by ?? 'someone'}</strong>
          {when}
        </span>
        {record.skipReason ? <p className="sop-step__note">Reason: {record.skipReason}</p> : null}
      </div>
    );
  }
  return null;
}

function StepActions({ item, siteId, handlers }: { item: ChecklistItem; siteId: string | null; handlers: StepHandlers }) {
  const { step, record } = item;
  // A supervisor's step shows who may do it on each of its buttons (a supervisor steps up at the seat).
  const permission = stepPermission(step.role);
  const options = { siteId, ...(permission === null ? {} : { permission, doing: `do "${step.title}"` }) };
  const canCheck = useCan('incidents.checkStep', options);
  const canSkip = useCan('incidents.skipStep', options);
  const canReopen = useCan('incidents.reopenStep', options);
  if (record.status !== 'open') {
    return (
      <div className="sop-step__actions">
        <button
          type="button"
          className="button button--small button--quiet"
          onClick={() => handlers.reopen(step)}
          data-testid="step-reopen"
          {...canReopen.control}
        >
          Reopen…
        </button>
        {canReopen.note}
        <AskSupervisorButton
          can={canReopen}
          label="Ask a supervisor to reopen…"
          onClick={() => handlers.askSupervisor(step, 'reopen')}
          testId="step-ask-reopen"
        />
      </div>
    );
  }
  if (!item.onPath) return null;
  return (
    <div className="sop-step__actions">
      <button
        type="button"
        className="button button--small button--primary"
        onClick={() => handlers.doStep(step)}
        data-testid="step-do"
        {...canCheck.control}
      >
        {DO_STEP_LABEL[step.kind]} <kbd className="key">space</kbd>
      </button>
      {step.kind === 'check' ? (
        <button
          type="button"
          className="button button--small"
          onClick={() => handlers.doWithNote(step)}
          data-testid="step-do-note"
          {...canCheck.control}
        >
          Done with a note…
        </button>
      ) : null}
      {canCheck.note}
      <AskSupervisorButton can={canCheck} onClick={() => handlers.askSupervisor(step, 'do')} testId="step-ask-supervisor" />
      <button
        type="button"
        className="button button--small"
        onClick={() => handlers.skip(step)}
        data-testid="step-skip"
        {...canSkip.control}
      >
        Skip… <kbd className="key">x</kbd>
      </button>
      {canSkip.note}
      <AskSupervisorButton
        can={canSkip}
        label="Ask a supervisor to skip…"
        onClick={() => handlers.askSupervisor(step, 'skip')}
        testId="step-ask-skip"
      />
    </div>
  );
}

function StepRow({
  item,
  index,
  focused,
  readOnly,
  siteId,
  timeZone,
  handlers,
}: {
  item: ChecklistItem;
  index: number;
  focused: boolean;
  readOnly: boolean;
  siteId: string | null;
  timeZone: TimeZoneSetting;
  handlers: StepHandlers;
}) {
  const { step, record, onPath, overdue } = item;
  const classes = [
    'sop-step',
    `sop-step--${record.status}`,
    onPath ? '' : 'sop-step--off-path',
    overdue ? 'sop-step--overdue' : '',
    focused ? 'sop-step--focused' : '',
  ];
  return (
    // The list is worked from the keyboard (j/k, space); a click only moves the focus here.
    <li
      id={stepElementId(step.id)}
      className={classes.filter(Boolean).join(' ')}
      aria-current={focused ? 'step' : undefined}
      onClick={() => handlers.focus(step.id)}
      data-testid="sop-step"
      data-step-id={step.id}
      data-status={record.status}
      data-on-path={onPath}
      data-focused={focused}
      data-overdue={overdue}
    >
      <span className="sop-step__mark" aria-hidden="true">
        {STATUS_MARK[record.status]}
      </span>
      <div className="sop-step__body">
        <div className="sop-step__head">
          <span className="sop-step__title">
            {index + 1}. {step.title}
          </span>
          <span className="visually-hidden">, {record.status}</span>
          {step.required ? null : <span className="tag">optional</span>}
          {step.role !== null ? <span className="tag">{step.role}</span> : null}
          {step.timeLimitMinutes !== null ? <span className="tag">within {step.timeLimitMinutes} min</span> : null}
          {overdue ? (
            <span className="sop-step__overdue" data-testid="sop-step-overdue">
              <span aria-hidden="true">‼ </span>overdue
            </span>
          ) : null}
          {!onPath ? <span className="sop-step__branch">not needed (branch)</span> : null}
        </div>
        {step.detail && (focused || record.status === 'open') && onPath ? <p className="sop-step__detail">{step.detail}</p> : null}
        {step.page && (focused || record.status === 'open') && onPath ? <StepPageLink page={step.page} /> : null}
        <StepFacts item={item} timeZone={timeZone} />
        {focused && !readOnly ? <StepActions item={item} siteId={siteId} handlers={handlers} /> : null}
      </div>
    </li>
  );
}

/** The console page a step is done on ("export the audit log": the Audit page), disabled for whoever may not read it. */
function StepPageLink({ page }: { page: SopStepPage }) {
  const showPage = useViewStore((state) => state.showPage);
  const item = NAV_ITEMS.find((candidate) => candidate.page === page);
  const can = useCan(item?.reads ?? 'app.whoami');
  return (
    <p className="sop-step__page">
      <button
        type="button"
        className="button button--small"
        onClick={(event) => {
          event.stopPropagation();
          showPage(page);
        }}
        data-testid="sop-step-page"
        {...can.control}
      >
        Open the {item?.label ?? page} page
      </button>
      {can.note}
    </p>
  );
}

interface SopChecklistProps {
  items: readonly ChecklistItem[];
  focusedId: string | null;
  readOnly: boolean;
  /** The incident's site: another site than the person's own needs a supervisor. */
  siteId: string | null;
  timeZone: TimeZoneSetting;
  handlers: StepHandlers;
}

/** The incident's SOP, step by step: what is done (who, when, note), skipped (why), still open, or off the path the answers took. */
export function SopChecklist({ items, focusedId, readOnly, siteId, timeZone, handlers }: SopChecklistProps) {
  useEffect(() => {
    if (focusedId !== null) document.getElementById(stepElementId(focusedId))?.scrollIntoView?.({ block: 'nearest' });
  }, [focusedId]);
  return (
    <ol className="sop-checklist" aria-label="SOP checklist" data-testid="sop-checklist">
      {items.map((item, index) => (
        <StepRow
          key={item.step.id}
          item={item}
          index={index}
          focused={item.step.id === focusedId}
          readOnly={readOnly}
          siteId={siteId}
          timeZone={timeZone}
          handlers={handlers}
        />
      ))}
    </ol>
  );
}
