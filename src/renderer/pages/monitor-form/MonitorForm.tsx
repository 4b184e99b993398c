import { useState, type FormEvent } from 'react';
import { MonitorInput, type MonitorSpec, type Site, type VersionConflict as Versions } from '../../../shared/contract';
import { useMonitoringCommand } from '../../api/monitoring-queries';
import { fieldInputId, FormErrors, FormField } from '../../components/FormField';
import { PROBE_KIND_LABEL } from '../../format/probe';
import { useViewStore } from '../../state/view-store';
import { isTransportError } from '../../transport/transport';
import { KindFields } from './KindFields';
import {
  placeClientErrors,
  placeServerErrors,
  PROBE_KINDS,
  validateDraft,
  wasTouched,
  type FieldErrors,
  type MonitorDraft,
} from './monitor-form-model';
import { ParentSelect } from './ParentSelect';
import { listTextMaxLengthOf, maxLengthOf } from '../../format/field-limits';
import { FormFooter } from '../../forms/FormFooter';
import { VersionConflict } from '../../components/VersionConflict';

const NUMBER_FIELDS = [
  {
    field: 'intervalSeconds',
    key: 'intervalSeconds',
    label: 'Interval (s)',
    hint: 'How often to probe: 5 s to a day.',
    testId: 'monitor-form-interval',
  },
  {
    field: 'timeoutSeconds',
    key: 'timeoutSeconds',
    label: 'Timeout (s)',
    hint: 'Shorter than the interval.',
    testId: 'monitor-form-timeout',
  },
  {
    field: 'failuresToDown',
    key: 'failuresToDown',
    label: 'Failures to down',
    hint: 'In a row, before it is down.',
    testId: 'monitor-form-failures',
  },
  {
    field: 'successesToUp',
    key: 'successesToUp',
    label: 'Successes to up',
    hint: 'In a row, to come back.',
    testId: 'monitor-form-successes',
  },
  {
    field: 'warnLatencyMs',
    key: 'warnLatencyMs',
    label: 'Warning latency (ms)',
    hint: 'Slower than this is degraded.',
    testId: 'monitor-form-warn',
  },
  {
    field: 'critLatencyMs',
    key: 'critLatencyMs',
    label: 'Critical latency (ms)',
    hint: 'Above the warning latency.',
    testId: 'monitor-form-crit',
  },
] as const;

/** The monitor an edit changes. */
export interface EditedMonitor {
  id: string;
  /** The version the form's initial draft was read from: the edit is based on it. */
  version: number;
  /** "Take theirs" after a conflict: read the monitor again and start the form from the current version. */
  takeTheirs(): void;
}

interface MonitorFormProps {
  initial: MonitorDraft;
  /** null: a new monitor. */
  editing: EditedMonitor | null;
  sites: readonly Site[];
}

/** A save refused because the monitor changed since this form read it: the edit, kept to apply again. */
interface StaleSave {
  input: MonitorSpec;
  versions: Versions;
  message: string;
}

/**
 * Create or edit a monitor. Errors show beside their field once it was touched (all of them after
 * a Save); core's own field errors land in the same places, and anything else is listed on top.
 */
export function MonitorForm({ initial, editing, sites }: MonitorFormProps) {
  const monitorId = editing?.id ?? null;
  const create = useMonitoringCommand('monitors.create');
  const update = useMonitoringCommand('monitors.update');
  const openMonitor = useViewStore((state) => state.openMonitor);
  const showPage = useViewStore((state) => state.showPage);
  const openedFrom = useViewStore((state) => state.monitorFormFrom);
  const [draft, setDraft] = useState<MonitorDraft>(initial);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [showAll, setShowAll] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [formErrors, setFormErrors] = useState<string[]>([]);
  // Held from when the form opened: a save elsewhere meanwhile must not move what this edit is based on.
  const [basedOnVersion, setBasedOnVersion] = useState(editing?.version ?? null);
  const [staleSave, setStaleSave] = useState<StaleSave | null>(null);

  const validation = validateDraft(draft);
  const client = placeClientErrors(validation.ok ? {} : validation.errors, draft.kind);
  const errorFor = (field: string): string | undefined =>
    serverErrors[field] ?? (showAll || wasTouched(field, touched) ? client.byField[field] : undefined);
  const pending = create.isPending || update.isPending;

  const edit = (patch: Partial<MonitorDraft>, field: string) => {
    setDraft((previous) => ({ ...previous, ...patch }));
    setTouched((previous) => new Set(previous).add(field));
    setServerErrors((previous) => {
      const { [field]: _cleared, ...rest } = previous;
      return rest;
    });
    setFormErrors([]);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!validation.ok) {
      setShowAll(true);
      const first = Object.keys(client.byField)[0];
      if (first) document.getElementById(fieldInputId(first))?.focus();
      setFormErrors(client.unplaced);
      return;
    }
    save(validation.input);
  };

  const save = (input: MonitorSpec, base = basedOnVersion) => {
    const onError = (error: Error) => {
      if (isTransportError(error) && error.versions !== null) {
        setStaleSave({ input, versions: error.versions, message: error.message });
        return;
      }
      const fields = isTransportError(error) ? error.fields : [];
      const placed = placeServerErrors(fields, draft.kind);
      setServerErrors(placed.byField);
      setFormErrors(fields.length === 0 ? [error.message] : placed.unplaced);
      const first = Object.keys(placed.byField)[0];
      if (first) document.getElementById(fieldInputId(first))?.focus();
    };
    setStaleSave(null);
    if (editing === null || base === null) create.mutate(input, { onSuccess: (monitor) => openMonitor(monitor.id), onError });
    else
      update.mutate({ id: editing.id, monitor: input, basedOnVersion: base }, { onSuccess: (monitor) => openMonitor(monitor.id), onError });
  };

  /** "Keep mine": the refused edit again, now based on the version it was compared with. */
  const keepMine = (stale: StaleSave) => {
    setBasedOnVersion(stale.versions.current.version);
    save(stale.input, stale.versions.current.version);
  };

  const cancel = () => (monitorId === null ? showPage(openedFrom) : openMonitor(monitorId));
  const editor = { draft, edit, errorFor };

  return (
    <form
      className="entity-form"
      onSubmit={submit}
      noValidate
      aria-label={monitorId === null ? 'New monitor' : `Edit ${initial.name}`}
      data-testid="monitor-form"
    >
      {staleSave ? (
        <VersionConflict
          versions={staleSave.versions}
          message={staleSave.message}
          onKeepMine={() => keepMine(staleSave)}
          onTakeTheirs={() => editing?.takeTheirs()}
          pending={pending}
        />
      ) : null}
      <FormErrors title="Not saved:" messages={formErrors} testId="monitor-form-errors" />
      <fieldset className="form-section">
        <legend className="form-section__title">What to watch</legend>
        <FormField field="siteId" label="Site" error={errorFor('siteId')}>
          {(a) => (
            <select
              {...a}
              className="input"
              value={draft.siteId}
              onChange={(e) => edit({ siteId: e.target.value }, 'siteId')}
              data-testid="monitor-form-site"
            >
              <option value="">Pick a site…</option>
              {sites.map((site) => (
                <option key={site.id} value={site.id}>
                  {site.name}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField
          field="name"
          label="Name"
          hint="What the operator reads on the board: Camera 3 stream, Site uplink…"
          error={errorFor('name')}
        >
          {(a) => (
            <input
              {...a}
              className="input"
              value={draft.name}
              onChange={(e) => edit({ name: e.target.value }, 'name')}
              autoComplete="off"
              maxLength={maxLengthOf(MonitorInput, 'name')}
              data-testid="monitor-form-name"
            />
          )}
        </FormField>
        <FormField field="probe.kind" label="Kind" error={errorFor('probe.kind')}>
          {(a) => (
            <select
              {...a}
              className="input"
              value={draft.kind}
              onChange={(e) => edit({ kind: e.target.value as MonitorDraft['kind'] }, 'probe.kind')}
              data-testid="monitor-form-kind"
            >
              {PROBE_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {PROBE_KIND_LABEL[kind]}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <KindFields kind={draft.kind} {...editor} />
      </fieldset>

      <fieldset className="form-section form-section--numbers">
        <legend className="form-section__title">How often, how strict</legend>
        {NUMBER_FIELDS.map(({ field, key, label, hint, testId }) => (
          <FormField key={field} field={field} label={label} hint={hint} error={errorFor(field)}>
            {(a) => (
              <input
                {...a}
                className="input input--short"
                type="number"
                inputMode="numeric"
                step={1}
                value={draft[key]}
                onChange={(e) => edit({ [key]: e.target.value }, field)}
                data-testid={testId}
              />
            )}
          </FormField>
        ))}
      </fieldset>

      <fieldset className="form-section">
        <legend className="form-section__title">Relations</legend>
        <FormField
          field="parentId"
          label="Parent monitor"
          hint="While the parent (a site's uplink, say) is down, this one shows unknown and raises no alert of its own."
          error={errorFor('parentId')}
          className="form-row--wide"
        >
          {(a) => (
            <ParentSelect
              attributes={a}
              value={draft.parentId}
              selfId={monitorId}
              onChange={(parentId) => edit({ parentId }, 'parentId')}
            />
          )}
        </FormField>
        <FormField field="role" label="Role" error={errorFor('role')}>
          {(a) => (
            <select
              {...a}
              className="input"
              value={draft.role}
              onChange={(e) => edit({ role: e.target.value as MonitorDraft['role'] }, 'role')}
              data-testid="monitor-form-role"
            >
              <option value="normal">Normal</option>
              <option value="console-uplink">Console uplink (when it fails, this console is offline)</option>
            </select>
          )}
        </FormField>
        <FormField field="tags" label="Tags" hint="Comma-separated: video, access." error={errorFor('tags')}>
          {(a) => (
            <input
              {...a}
              className="input"
              value={draft.tags}
              onChange={(e) => edit({ tags: e.target.value }, 'tags')}
              maxLength={listTextMaxLengthOf(MonitorInput, 'tags')}
              data-testid="monitor-form-tags"
            />
          )}
        </FormField>
      </fieldset>

      <FormFooter
        method={monitorId === null ? 'monitors.create' : 'monitors.update'}
        saveLabel={monitorId === null ? 'Add monitor' : 'Save changes'}
        pending={pending}
        saveTestId="monitor-form-save"
        onCancel={cancel}
        cancelTestId="monitor-form-cancel"
      />
    </form>
  );
}
