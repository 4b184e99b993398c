import { useMemo, useRef, useState } from 'react';
import { PRIORITIES, type Alert, type Priority } from '../../shared/contract';
import { SLA_TARGETS } from '../../shared/domain/incident-sla';
import { useAlertStore } from '../api/alert-store-context';
import { useIncidentCommand, useSops } from '../api/incident-queries';
import { isTyping } from '../keyboard/is-typing';
import { FieldErrorMessage, FormField } from './FormField';
import { SeverityBadge } from './SeverityBadge';
import { useViewStore } from '../state/view-store';
import { isTransportError } from '../transport/transport';
import { KeyboardDialog } from './KeyboardDialog';
import './create-incident.css';

/** The fields of incidents.create this dialog shows: core's refusals are placed beside them. */
const FIELDS = ['title', 'priority', 'sopSlug', 'alertIds', 'claim', 'note'] as const;
type CreateField = (typeof FIELDS)[number];
type CreateErrors = Partial<Record<CreateField, string>>;

function isCreateField(value: string | undefined): value is CreateField {
  return (FIELDS as readonly (string | undefined)[]).includes(value);
}

/**
 * The priority an incident from these alerts starts at: a critical alert makes it P1, anything less
 * (and an incident opened by hand) P2. P0 is never a default: "respond in 15 minutes, update every
 * 15" is the operator's call (a break-in in progress, people at risk), which no alert severity tells.
 */
function defaultPriority(alerts: readonly Alert[]): Priority {
  return alerts.some((alert) => alert.severity === 'critical') ? 'P1' : 'P2';
}

function duration(minutes: number): string {
  return minutes < 60 ? `${minutes} min` : `${minutes / 60} h`;
}

/** Its digit picks it: 0 for P0, 1 for P1, 2 for P2. */
const PRIORITY_CHOICES = PRIORITIES.map((priority) => {
  const { respondMinutes, resolveMinutes } = SLA_TARGETS[priority];
  return { priority, key: priority.slice(1), targets: `respond ${duration(respondMinutes)}, resolve ${duration(resolveMinutes)}` };
});

/** core's refusal split into what belongs beside a field and what is said on top. */
function placeRefusal(error: Error): { byField: CreateErrors; general: string | null } {
  const fields = isTransportError(error) ? error.fields : [];
  const byField: CreateErrors = {};
  const unplaced: string[] = [];
  for (const { path, message } of fields) {
    // "alertIds.2" belongs to the alert list.
    const field = path.split('.')[0];
    if (isCreateField(field)) byField[field] ??= message;
    else unplaced.push(path ? `${path}: ${message}` : message);
  }
  return { byField, general: fields.length === 0 ? error.message : unplaced.length > 0 ? unplaced.join('; ') : null };
}

interface CreateIncidentDialogProps {
  /** The alerts it is opened from (they are linked to it); none for an incident opened by hand. */
  alerts: readonly Alert[];
  onClose: () => void;
}

/**
 * Open an incident: title, priority (0/1/2), SOP, who owns it and a note; created, it opens at
 * once. From alerts, focus starts on the dialog so a digit and Enter are all it takes.
 */
export function CreateIncidentDialog({ alerts, onClose }: CreateIncidentDialogProps) {
  const create = useIncidentCommand('incidents.create');
  const sops = useSops();
  const showIncident = useViewStore((state) => state.showIncident);
  const [title, setTitle] = useState(alerts[0]?.summary ?? '');
  const [priority, setPriority] = useState<Priority>(() => defaultPriority(alerts));
  const [sopSlug, setSopSlug] = useState('');
  const [claim, setClaim] = useState(true);
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<CreateErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const titleRef = useRef<HTMLInputElement>(null);
  // One site outage is often several alerts: the others open at that site can join this incident.
  const store = useAlertStore();
  const site = alerts.find((alert) => alert.siteId !== null) ?? null;
  const nearby = useMemo(
    () =>
      site === null
        ? []
        : store
            .all()
            .filter(
              (alert) => alert.siteId === site.siteId && alert.state !== 'resolved' && !alerts.some((given) => given.id === alert.id),
            ),
    [store, site, alerts],
  );
  const [alsoLinked, setAlsoLinked] = useState<ReadonlySet<string>>(new Set());
  const toggleAlsoLinked = (id: string) =>
    setAlsoLinked((previous) => {
      const next = new Set(previous);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  /** An edited field's refusal no longer applies. */
  const edited = (field: CreateField) => {
    setErrors(({ [field]: _cleared, ...rest }) => rest);
    setGeneral(null);
  };

  const submit = () =>
    create.mutate(
      {
        title: title.trim(),
        priority,
        sopSlug: sopSlug === '' ? null : sopSlug,
        alertIds: [...alerts.map((alert) => alert.id), ...nearby.filter((alert) => alsoLinked.has(alert.id)).map((alert) => alert.id)],
        claim,
        note: note.trim(),
      },
      {
        onSuccess: (incident) => {
          onClose();
          showIncident(incident.id);
        },
        onError: (error) => {
          const placed = placeRefusal(error);
          setErrors(placed.byField);
          setGeneral(placed.general);
        },
      },
    );

  const pick = (picked: Priority) => {
    setPriority(picked);
    edited('priority');
  };

  return (
    <KeyboardDialog
      title={alerts.length === 0 ? 'New incident' : 'Create incident'}
      testIdPrefix="create-incident"
      submitLabel="Create incident"
      canSubmit={title.trim() !== ''}
      pending={create.isPending}
      error={general}
      onSubmit={submit}
      onCancel={onClose}
      onKey={(event) => {
        const choice = PRIORITY_CHOICES.find((candidate) => candidate.key === event.key);
        if (choice === undefined || isTyping(event.target)) return false;
        pick(choice.priority);
        return true;
      }}
      // By hand there is no title yet: start there. From alerts it is filled in, and digits pick the priority.
      initialFocus={alerts.length === 0 ? titleRef : undefined}
    >
      <FormField field="title" id="create-incident-title" label="Title" error={errors.title}>
        {(attributes) => (
          <input
            {...attributes}
            ref={titleRef}
            className="input"
            type="text"
            maxLength={200}
            value={title}
            onChange={(event) => {
              setTitle(event.target.value);
              edited('title');
            }}
            placeholder="What is happening, e.g. Intrusion alarm at Depot North"
            autoComplete="off"
            data-testid="create-incident-title"
          />
        )}
      </FormField>

      <div className={`form-row${errors.priority ? ' form-row--invalid' : ''}`}>
        <span className="form-row__label" id="create-incident-priority-label">
          Priority
        </span>
        <div
          className="choice-group"
          role="radiogroup"
          aria-labelledby="create-incident-priority-label"
          data-testid="create-incident-priority"
        >
          {PRIORITY_CHOICES.map((choice) => (
            <button
              key={choice.priority}
              type="button"
              role="radio"
              aria-checked={priority === choice.priority}
              className="choice create-incident__priority"
              onClick={() => pick(choice.priority)}
              data-testid={`create-incident-priority-${choice.priority}`}
            >
              <kbd className="key">{choice.key}</kbd> {choice.priority}
              <span className="create-incident__targets">{choice.targets}</span>
            </button>
          ))}
        </div>
        {errors.priority ? <FieldErrorMessage field="priority" message={errors.priority} /> : null}
      </div>

      <FormField
        field="sopSlug"
        id="create-incident-sop"
        label="SOP"
        hint={
          sops.isError
            ? `Could not read the SOP templates: ${sops.error.message}`
            : 'The checklist it follows; its latest version is kept for this incident.'
        }
        error={errors.sopSlug}
      >
        {(attributes) => (
          <select
            {...attributes}
            className="input"
            value={sopSlug}
            onChange={(event) => {
              setSopSlug(event.target.value);
              edited('sopSlug');
            }}
            data-testid="create-incident-sop"
          >
            <option value="">No SOP</option>
            {(sops.data ?? []).map((sop) => (
              <option key={sop.slug} value={sop.slug}>
                {sop.name} (v{sop.version}, {sop.steps} step{sop.steps === 1 ? '' : 's'})
              </option>
            ))}
          </select>
        )}
      </FormField>

      {alerts.length > 0 ? (
        <div className={`form-row${errors.alertIds ? ' form-row--invalid' : ''}`}>
          <span className="form-row__label">Linked alert{alerts.length === 1 ? '' : 's'}</span>
          <ul className="create-incident__alerts" data-testid="create-incident-alerts">
            {alerts.map((alert) => (
              <li key={alert.id} data-alert-id={alert.id}>
                <SeverityBadge severity={alert.severity} /> <strong>{alert.summary}</strong>{' '}
                <span className="muted">{alert.subjectName}</span>
              </li>
            ))}
          </ul>
          {errors.alertIds ? <FieldErrorMessage field="alertIds" message={errors.alertIds} /> : null}
        </div>
      ) : null}

      {nearby.length > 0 ? (
        <fieldset className="form-row create-incident__nearby" data-testid="create-incident-nearby">
          <legend className="form-row__label">Also link other open alerts at {site?.siteName ?? 'this site'}</legend>
          <ul className="create-incident__alerts">
            {nearby.map((alert) => (
              <li key={alert.id}>
                <label className="check">
                  <input
                    type="checkbox"
                    checked={alsoLinked.has(alert.id)}
                    onChange={() => toggleAlsoLinked(alert.id)}
                    data-testid="create-incident-also-link"
                    data-alert-id={alert.id}
                  />
                  <SeverityBadge severity={alert.severity} /> <strong>{alert.summary}</strong>{' '}
                  <span className="muted">{alert.subjectName}</span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      ) : null}

      <div className={`form-row${errors.claim ? ' form-row--invalid' : ''}`}>
        <label className="check">
          <input
            type="checkbox"
            checked={claim}
            onChange={(event) => {
              setClaim(event.target.checked);
              edited('claim');
            }}
            data-testid="create-incident-claim"
          />
          I take it: I own it, and its respond clock stops
        </label>
        {errors.claim ? <FieldErrorMessage field="claim" message={errors.claim} /> : null}
      </div>

      <FormField
        field="note"
        id="create-incident-note"
        label="Note"
        hint="Optional: what you know so far. Shift+Enter starts a new line."
        error={errors.note}
      >
        {(attributes) => (
          <textarea
            {...attributes}
            className="input"
            rows={2}
            maxLength={2000}
            value={note}
            onChange={(event) => {
              setNote(event.target.value);
              edited('note');
            }}
            data-testid="create-incident-note"
          />
        )}
      </FormField>
    </KeyboardDialog>
  );
}
