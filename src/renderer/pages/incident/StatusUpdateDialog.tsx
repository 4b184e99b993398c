import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { STATUS_UPDATE_TEMPLATES, type Incident, type StatusUpdateInput } from '../../../shared/contract';
import {
  promptsLeft,
  STATUS_UPDATE_LABELS,
  statusUpdateDraft,
  type StatusUpdateDraft,
  type StatusUpdateTemplate,
} from '../../../shared/domain/status-update';
import { isTyping } from '../../keyboard/is-typing';
import { FieldErrorMessage } from '../../components/FormField';
import { KeyboardDialog } from '../../components/KeyboardDialog';

interface StatusUpdateDialogProps {
  incident: Incident;
  pending: boolean;
  error: string | null;
  onSubmit: (update: Omit<StatusUpdateInput, 'id'>) => void;
  onCancel: () => void;
}

type DraftText = Omit<StatusUpdateDraft, 'nextUpdateInMinutes'> & { nextUpdateInMinutes: string };

function draftText(template: StatusUpdateTemplate, incident: Incident): DraftText {
  const draft = statusUpdateDraft(template, incident);
  return { ...draft, nextUpdateInMinutes: draft.nextUpdateInMinutes === null ? '' : String(draft.nextUpdateInMinutes) };
}

/** Empty is "no update promised"; otherwise whole minutes within the contract's range. */
function readMinutes(text: string): { minutes: number | null; problem: string | null } {
  const trimmed = text.trim();
  if (trimmed === '') return { minutes: null, problem: null };
  const minutes = Number(trimmed);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440)
    return { minutes: null, problem: 'Whole minutes from 1 to 1,440 (24 hours), or leave it empty' };
  return { minutes, problem: null };
}

const TEMPLATE_KEYS: Record<string, StatusUpdateTemplate> = { '1': 'initial', '2': 'progress', '3': 'resolved' };

/** The template a key picks: a plain digit outside the text boxes, Alt+digit anywhere (a digit in a text box is text). */
function templateOfKey(event: KeyboardEvent<HTMLFormElement>): StatusUpdateTemplate | undefined {
  // Alt+digit arrives as another character on some layouts, so the key's position is read too.
  const digit = event.altKey ? (/^Digit([123])$/.exec(event.code)?.[1] ?? event.key) : event.key;
  if (event.ctrlKey || event.metaKey || (!event.altKey && isTyping(event.target))) return undefined;
  return TEMPLATE_KEYS[digit];
}

/**
 * A status update from a template: picking one (1, 2, 3) fills the form with the known facts and
 * prompts in brackets for the rest; the operator edits, and Enter posts it. Focus starts on the
 * templates, so the digits pick one before anything is typed; what is posted is the template shown.
 */
export function StatusUpdateDialog({ incident, pending, error, onSubmit, onCancel }: StatusUpdateDialogProps) {
  const [template, setTemplate] = useState<StatusUpdateTemplate>(incident.lastUpdateAt === null ? 'initial' : 'progress');
  const [draft, setDraft] = useState<DraftText>(() => draftText(template, incident));
  const [minutesProblem, setMinutesProblem] = useState<string | null>(null);
  const [promptProblem, setPromptProblem] = useState<string | null>(null);
  const templatesRef = useRef<HTMLDivElement>(null);
  const id = useId();

  const pick = (picked: StatusUpdateTemplate) => {
    setTemplate(picked);
    setDraft(draftText(picked, incident));
    setMinutesProblem(null);
    setPromptProblem(null);
  };
  const edit = (field: keyof DraftText, value: string) => {
    setDraft((previous) => ({ ...previous, [field]: value }));
    if (field !== 'nextUpdateInMinutes') setPromptProblem(null);
  };
  const submit = () => {
    const left = promptsLeft(template, incident, [draft.whatHappened, draft.impact, draft.actions]);
    const { minutes, problem } = readMinutes(draft.nextUpdateInMinutes);
    setPromptProblem(
      left.length === 0 ? null : `Replace the parts in brackets first: ${left[0]}${left.length > 1 ? ` and ${left.length - 1} more` : ''}`,
    );
    setMinutesProblem(problem);
    if (problem !== null || left.length > 0) return;
    onSubmit({
      template,
      whatHappened: draft.whatHappened.trim(),
      impact: draft.impact.trim(),
      actions: draft.actions.trim(),
      nextUpdateInMinutes: minutes,
    });
  };
  const onKey = (event: KeyboardEvent<HTMLFormElement>) => {
    const picked = templateOfKey(event);
    if (picked === undefined) return false;
    pick(picked);
    return true;
  };

  const textField = (field: 'whatHappened' | 'impact' | 'actions', label: string, rows: number) => (
    <div className="form-row">
      <label className="form-row__label" htmlFor={`${id}-${field}`}>
        {label}
      </label>
      <textarea
        id={`${id}-${field}`}
        className="input incident-dialog__text"
        rows={rows}
        maxLength={2000}
        value={draft[field]}
        onChange={(event) => edit(field, event.target.value)}
        data-testid={`update-${field}`}
      />
    </div>
  );

  return (
    <KeyboardDialog
      title="Post a status update"
      testIdPrefix="status-update"
      submitLabel="Post update"
      canSubmit={draft.whatHappened.trim() !== ''}
      pending={pending}
      error={error}
      onSubmit={submit}
      onCancel={onCancel}
      onKey={onKey}
      initialFocus={templatesRef}
      wide
    >
      <div ref={templatesRef} className="choice-group" role="radiogroup" aria-label="Template" tabIndex={-1} data-testid="update-templates">
        {STATUS_UPDATE_TEMPLATES.map((candidate, index) => (
          <button
            key={candidate}
            type="button"
            role="radio"
            aria-checked={template === candidate}
            className="choice"
            onClick={() => pick(candidate)}
            data-testid={`update-template-${candidate}`}
          >
            <kbd className="key">{index + 1}</kbd> {STATUS_UPDATE_LABELS[candidate]}
          </button>
        ))}
      </div>
      <p className="form-row__hint">
        1, 2, 3 pick a template (Alt+1, 2, 3 while typing). Replace the parts in [brackets]. Shift+Enter starts a new line.
      </p>
      {promptProblem !== null ? <FieldErrorMessage field="whatHappened" message={promptProblem} /> : null}
      {textField('whatHappened', 'What happened', 3)}
      {textField('impact', 'Impact', 2)}
      {textField('actions', 'Actions', 2)}
      <div className={`form-row${minutesProblem !== null ? ' form-row--invalid' : ''}`}>
        <label className="form-row__label" htmlFor={`${id}-next`}>
          Next update in (minutes)
        </label>
        <input
          id={`${id}-next`}
          className="input input--short"
          type="text"
          inputMode="numeric"
          value={draft.nextUpdateInMinutes}
          onChange={(event) => {
            edit('nextUpdateInMinutes', event.target.value);
            setMinutesProblem(null);
          }}
          aria-invalid={minutesProblem !== null ? true : undefined}
          aria-describedby={`${id}-next-hint${minutesProblem !== null ? ` ${id}-next-error` : ''}`}
          maxLength={6}
          data-testid="update-next-minutes"
        />
        <p className="form-row__hint" id={`${id}-next-hint`}>
          {incident.priority === 'P0'
            ? 'A P0 is due an update every 15 minutes whatever is promised here.'
            : 'Leave empty when no further update is promised.'}
        </p>
        {minutesProblem !== null ? (
          <FieldErrorMessage field="nextUpdateInMinutes" id={`${id}-next-error`} message={minutesProblem} />
        ) : null}
      </div>
    </KeyboardDialog>
  );
}
