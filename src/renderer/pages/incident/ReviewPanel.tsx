import { useId, useState } from 'react';
import type { FollowUpAction, Incident, IncidentReview } from '../../../shared/contract';
import { FieldErrorMessage } from '../../components/FormField';
import { Problem } from '../../components/Problem';
import { timeTextToEpoch, formatDate, type TimeZoneSetting } from '../../format/time';
import { useCan } from '../../api/use-can';
import { useIncidentAction } from './use-incident-action';

const TEXT_FIELDS = [
  { field: 'summary', label: 'Summary' },
  { field: 'impact', label: 'Impact' },
  { field: 'rootCause', label: 'Root cause' },
  { field: 'lessons', label: 'Lessons learned' },
] as const;

type TextField = (typeof TEXT_FIELDS)[number]['field'];

/** An action as typed: the due date is a date input's value ("2026-11-30"), empty for none. */
interface ActionDraft {
  key: number;
  what: string;
  owner: string;
  due: string;
}

type ReviewDraft = Record<TextField, string> & { actions: ActionDraft[] };

function toDraft(review: IncidentReview, timeZone: TimeZoneSetting): ReviewDraft {
  return {
    summary: review.summary,
    impact: review.impact,
    rootCause: review.rootCause,
    lessons: review.lessons,
    actions: review.actions.map((action, index) => ({
      key: index,
      what: action.what,
      owner: action.owner,
      due: action.dueAt === null ? '' : formatDate(action.dueAt, timeZone),
    })),
  };
}

interface ActionProblems {
  what?: string;
  owner?: string;
}

/** The review to send, or what is wrong with each action row; a row left wholly empty is dropped. */
function readDraft(draft: ReviewDraft, timeZone: TimeZoneSetting): { review: IncidentReview } | { problems: Map<number, ActionProblems> } {
  const problems = new Map<number, ActionProblems>();
  const actions: FollowUpAction[] = [];
  for (const row of draft.actions) {
    const what = row.what.trim();
    const owner = row.owner.trim();
    if (what === '' && owner === '' && row.due === '') continue;
    const rowProblems: ActionProblems = {};
    if (what === '') rowProblems.what = 'Say what is to be done';
    if (owner === '') rowProblems.owner = 'Name who does it';
    if (rowProblems.what !== undefined || rowProblems.owner !== undefined) problems.set(row.key, rowProblems);
    actions.push({ what, owner, dueAt: row.due === '' ? null : timeTextToEpoch(`${row.due}T00:00`, timeZone, 'start') });
  }
  if (problems.size > 0) return { problems };
  return {
    review: {
      summary: draft.summary.trim(),
      impact: draft.impact.trim(),
      rootCause: draft.rootCause.trim(),
      lessons: draft.lessons.trim(),
      actions,
    },
  };
}

function ReviewText({ review, timeZone }: { review: IncidentReview; timeZone: TimeZoneSetting }) {
  return (
    <>
      <dl className="facts review__facts">
        {TEXT_FIELDS.map(({ field, label }) => (
          <div key={field} className="review__fact">
            <dt>{label}</dt>
            <dd className={review[field] ? 'review__text' : 'muted'}>{review[field] || 'Not written yet.'}</dd>
          </div>
        ))}
      </dl>
      <h4 className="review__heading">Actions</h4>
      {review.actions.length === 0 ? (
        <p className="muted">No follow-up actions yet.</p>
      ) : (
        <table className="table review__actions" data-testid="review-actions">
          <thead>
            <tr>
              <th scope="col">What</th>
              <th scope="col">Owner</th>
              <th scope="col">Due</th>
            </tr>
          </thead>
          <tbody>
            {review.actions.map((action, index) => (
              <tr key={`${index}-${action.what}`}>
                <td>{action.what}</td>
                <td>{action.owner}</td>
                <td>{action.dueAt === null ? '—' : formatDate(action.dueAt, timeZone)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function ReviewForm({ incident, timeZone, onDone }: { incident: Incident; timeZone: TimeZoneSetting; onDone: () => void }) {
  const save = useIncidentAction('incidents.setReview');
  const [draft, setDraft] = useState(() => toDraft(incident.review, timeZone));
  const [nextKey, setNextKey] = useState(incident.review.actions.length);
  const [problems, setProblems] = useState<Map<number, ActionProblems>>(new Map());
  const id = useId();

  const editAction = (key: number, change: Partial<ActionDraft>) =>
    setDraft((previous) => ({ ...previous, actions: previous.actions.map((row) => (row.key === key ? { ...row, ...change } : row)) }));
  const addAction = () => {
    setDraft((previous) => ({ ...previous, actions: [...previous.actions, { key: nextKey, what: '', owner: '', due: '' }] }));
    setNextKey(nextKey + 1);
  };
  const removeAction = (key: number) =>
    setDraft((previous) => ({ ...previous, actions: previous.actions.filter((row) => row.key !== key) }));
  const submit = async () => {
    const read = readDraft(draft, timeZone);
    if ('problems' in read) {
      setProblems(read.problems);
      return;
    }
    setProblems(new Map());
    if ((await save.run({ id: incident.id, review: read.review })) !== null) onDone();
  };

  return (
    <form
      className="review__form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
      data-testid="review-form"
    >
      {TEXT_FIELDS.map(({ field, label }) => (
        <div key={field} className="form-row">
          <label className="form-row__label" htmlFor={`${id}-${field}`}>
            {label}
          </label>
          <textarea
            id={`${id}-${field}`}
            className="input incident-dialog__text"
            rows={3}
            maxLength={4000}
            value={draft[field]}
            onChange={(event) => setDraft((previous) => ({ ...previous, [field]: event.target.value }))}
            data-testid={`review-${field}`}
          />
        </div>
      ))}
      <fieldset className="review__action-list">
        <legend className="form-row__label">Actions</legend>
        {draft.actions.length === 0 ? <p className="muted">No follow-up actions yet.</p> : null}
        {draft.actions.map((row, index) => {
          const rowProblems = problems.get(row.key);
          return (
            <div key={row.key} className="review__action" data-testid="review-action">
              <div className={`form-row${rowProblems?.what ? ' form-row--invalid' : ''}`}>
                <label className="form-row__label" htmlFor={`${id}-what-${row.key}`}>
                  Action {index + 1}
                </label>
                <input
                  id={`${id}-what-${row.key}`}
                  className="input"
                  type="text"
                  maxLength={300}
                  value={row.what}
                  onChange={(event) => editAction(row.key, { what: event.target.value })}
                  aria-invalid={rowProblems?.what ? true : undefined}
                  placeholder="e.g. Replace the recorder's power supply at every depot"
                  data-testid="review-action-what"
                />
                {rowProblems?.what ? <FieldErrorMessage field={`actions.${index}.what`} message={rowProblems.what} /> : null}
              </div>
              <div className={`form-row${rowProblems?.owner ? ' form-row--invalid' : ''}`}>
                <label className="form-row__label" htmlFor={`${id}-owner-${row.key}`}>
                  Owner
                </label>
                <input
                  id={`${id}-owner-${row.key}`}
                  className="input"
                  type="text"
                  maxLength={120}
                  value={row.owner}
                  onChange={(event) => editAction(row.key, { owner: event.target.value })}
                  aria-invalid={rowProblems?.owner ? true : undefined}
                  data-testid="review-action-owner"
                />
                {rowProblems?.owner ? <FieldErrorMessage field={`actions.${index}.owner`} message={rowProblems.owner} /> : null}
              </div>
              <div className="form-row">
                <label className="form-row__label" htmlFor={`${id}-due-${row.key}`}>
                  Due date
                </label>
                <input
                  id={`${id}-due-${row.key}`}
                  className="input"
                  type="date"
                  value={row.due}
                  onChange={(event) => editAction(row.key, { due: event.target.value })}
                  data-testid="review-action-due"
                />
              </div>
              <button
                type="button"
                className="button button--small button--danger-quiet"
                onClick={() => removeAction(row.key)}
                aria-label={`Remove action ${index + 1}`}
                data-testid="review-action-remove"
              >
                Remove
              </button>
            </div>
          );
        })}
        <button type="button" className="button button--small" onClick={addAction} data-testid="review-action-add">
          Add an action
        </button>
      </fieldset>
      {save.error !== null ? (
        <Problem title="Core refused this" testId="review-error">
          {save.error}
        </Problem>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={save.pending} data-testid="review-save">
          Save review
        </button>
        <button type="button" className="button" onClick={onDone} data-testid="review-cancel">
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The post-incident review: read it, or write it (also after the incident is resolved). */
export function ReviewPanel({ incident, timeZone }: { incident: Incident; timeZone: TimeZoneSetting }) {
  const [editing, setEditing] = useState(false);
  const can = useCan('incidents.setReview', { siteId: incident.siteId });
  return (
    <section className="panel review" aria-labelledby="review-title" data-testid="incident-review">
      <div className="panel__head">
        <h3 className="panel__title" id="review-title">
          Review
        </h3>
        {editing ? null : (
          <>
            <button
              type="button"
              className="button button--small"
              onClick={() => setEditing(true)}
              data-testid="review-edit"
              {...can.control}
            >
              Edit review
            </button>
            {can.note}
          </>
        )}
      </div>
      {editing ? (
        <ReviewForm incident={incident} timeZone={timeZone} onDone={() => setEditing(false)} />
      ) : (
        <ReviewText review={incident.review} timeZone={timeZone} />
      )}
    </section>
  );
}
