import { useState, type FormEvent } from 'react';
import {
  EscalationLevel,
  ROLES,
  ROUTE_DESTINATIONS,
  SEVERITIES,
  type EscalationLevels,
  type EscalationTarget,
  type OnCallSchedule,
  type RoutingTable,
  type Severity,
} from '../../../shared/contract';
import { DESTINATION_LABELS } from '../../../shared/domain/routing';
import { useChannels } from '../../api/alert-config-queries';
import { useEffectiveSettings } from '../../api/queries';
import {
  useContacts,
  useEscalationLevels,
  useOnCallNow,
  useOnShiftNow,
  useOnCallSchedules,
  usePeople,
  useRoutingCommand,
  useRoutingTable,
} from '../../api/routing-queries';
import { useCan } from '../../api/use-can';
import { CommandButton } from '../../components/CommandButton';
import { Problem } from '../../components/Problem';
import { SeverityBadge } from '../../components/SeverityBadge';
import { SEVERITY_PRESENTATION } from '../../format/severity';
import { maxLengthOf } from '../../format/field-limits';
import { describeOnCall, describeOnShift } from '../../format/on-call';
import { epochToTimeText } from '../../format/time';
import {
  WEEKDAYS,
  draftFromSchedule,
  emptyScheduleDraft,
  peopleNames,
  validateScheduleDraft,
  type OverrideDraft,
  type ScheduleDraft,
} from './routing-model';

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Who every schedule has on call now and next: the duty manager's first question at 03:00. */
function OnCallNowList() {
  const onCall = useOnCallNow();
  const onShift = useOnShiftNow();
  const { timeZone } = useEffectiveSettings();
  if (!onCall.data) return null;
  return (
    <section className="alert-config-section" aria-labelledby="on-call-now-title">
      <h2 id="on-call-now-title">On call now</h2>
      {onShift.data ? (
        <p data-testid="on-shift-now">
          <strong>On shift:</strong> {describeOnShift(onShift.data, timeZone)}
          <span className="muted"> — escalation level 1, the operator on shift, reaches them</span>
        </p>
      ) : null}
      {onCall.data.length === 0 ? (
        <p className="muted">No on-call schedules yet: add one below.</p>
      ) : (
        <ul data-testid="on-call-now">
          {onCall.data.map((schedule) => (
            <li key={schedule.scheduleId} data-testid="on-call-now-item">
              <strong>{schedule.scheduleName}:</strong> {describeOnCall(schedule, timeZone)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function RoutingTableEditor({ table, schedules }: { table: RoutingTable; schedules: readonly OnCallSchedule[] }) {
  const [draft, setDraft] = useState(table);
  const save = useRoutingCommand('routing.set');
  const changed = JSON.stringify(draft) !== JSON.stringify(table);
  const toggle = (severity: Severity, destination: (typeof ROUTE_DESTINATIONS)[number], on: boolean) =>
    setDraft({
      ...draft,
      routes: draft.routes.map((route) =>
        route.severity !== severity
          ? route
          : {
              ...route,
              destinations: on
                ? ROUTE_DESTINATIONS.filter((d) => d === destination || route.destinations.includes(d))
                : route.destinations.filter((d) => d !== destination),
            },
      ),
    });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(draft);
  };
  return (
    <form onSubmit={submit} aria-labelledby="routing-table-title" data-testid="routing-table-form" noValidate>
      <h2 id="routing-table-title">Routing table</h2>
      <p className="muted alert-config-section__intro">
        Where an alert goes when its rule uses the routing table. Every alert is in the queue; chat, e-mail, pager, webhook and SMS mean
        every enabled channel of that kind.
      </p>
      <div className="table-wrap">
        <table className="table alert-config-table" data-testid="routing-table">
          <thead>
            <tr>
              <th scope="col">Severity</th>
              {ROUTE_DESTINATIONS.map((destination) => (
                <th scope="col" key={destination}>
                  {DESTINATION_LABELS[destination]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {draft.routes.map((route) => (
              <tr key={route.severity} data-testid="routing-row" data-severity={route.severity}>
                <th scope="row">
                  <SeverityBadge severity={route.severity} />
                </th>
                {ROUTE_DESTINATIONS.map((destination) => (
                  <td key={destination}>
                    <input
                      type="checkbox"
                      aria-label={`${SEVERITY_PRESENTATION[route.severity].label}: ${DESTINATION_LABELS[destination]}`}
                      checked={route.destinations.includes(destination)}
                      onChange={(e) => toggle(route.severity, destination, e.target.checked)}
                      data-testid={`routing-${destination}`}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="form-row">
        <label className="form-row__label" htmlFor="routing-pager-schedule">
          The pager also reaches whoever is on call in
        </label>
        <select
          id="routing-pager-schedule"
          value={draft.pagerScheduleId ?? ''}
          onChange={(e) => setDraft({ ...draft, pagerScheduleId: e.target.value === '' ? null : e.target.value })}
          data-testid="routing-pager-schedule"
        >
          <option value="">No schedule (pager channels only)</option>
          {schedules.map((schedule) => (
            <option key={schedule.id} value={schedule.id}>
              {schedule.name}
            </option>
          ))}
        </select>
      </div>
      <CommandButton
        method="routing.set"
        type="submit"
        className="button button--primary"
        disabled={!changed || save.isPending}
        data-testid="routing-save"
      >
        {save.isPending ? 'Saving…' : 'Save routing'}
      </CommandButton>
      {save.isSuccess && !changed ? (
        <span className="saved" role="status" data-testid="routing-saved">
          {' '}
          Saved
        </span>
      ) : null}
      {save.isError ? <Problem title={`Not saved: ${errorText(save.error)}`} testId="routing-error" /> : null}
    </form>
  );
}

interface Choices {
  people: readonly { id: string; displayName: string }[];
  schedules: readonly OnCallSchedule[];
  channels: readonly { id: string; name: string }[];
}

/** The target kind's first choice, so switching kind always leaves a valid target. */
function targetOfKind(kind: EscalationTarget['kind'], choices: Choices): EscalationTarget | null {
  switch (kind) {
    case 'role':
      return { kind, role: 'operator' };
    case 'person':
      return choices.people[0] ? { kind, userId: choices.people[0].id } : null;
    case 'schedule':
      return choices.schedules[0] ? { kind, scheduleId: choices.schedules[0].id } : null;
    case 'channel':
      return choices.channels[0] ? { kind, channelId: choices.channels[0].id } : null;
  }
}

function TargetFields({
  target,
  choices,
  onChange,
  label,
}: {
  target: EscalationTarget;
  choices: Choices;
  onChange(t: EscalationTarget): void;
  label: string;
}) {
  const value =
    target.kind === 'role'
      ? target.role
      : target.kind === 'person'
        ? target.userId
        : target.kind === 'schedule'
          ? target.scheduleId
          : target.channelId;
  const options =
    target.kind === 'role'
      ? ROLES.map((role) => ({ id: role, name: role }))
      : target.kind === 'person'
        ? choices.people.map((person) => ({ id: person.id, name: person.displayName }))
        : target.kind === 'schedule'
          ? choices.schedules.map((schedule) => ({ id: schedule.id, name: schedule.name }))
          : choices.channels;
  const withValue = (id: string): EscalationTarget =>
    target.kind === 'role'
      ? { kind: 'role', role: ROLES.find((role) => role === id) ?? 'operator' }
      : target.kind === 'person'
        ? { kind: 'person', userId: id }
        : target.kind === 'schedule'
          ? { kind: 'schedule', scheduleId: id }
          : { kind: 'channel', channelId: id };
  return (
    <span className="input-group">
      <select
        aria-label={`${label}: notifies`}
        value={target.kind}
        onChange={(e) => {
          const next = targetOfKind(e.target.value as EscalationTarget['kind'], choices);
          if (next) onChange(next);
        }}
        data-testid="level-target-kind"
      >
        <option value="role">A role</option>
        <option value="person">A person</option>
        <option value="schedule">Whoever is on call</option>
        <option value="channel">A channel</option>
      </select>
      <select aria-label={`${label}: who`} value={value} onChange={(e) => onChange(withValue(e.target.value))} data-testid="level-target">
        {options.map((option) => (
          <option key={option.id} value={option.id}>
            {option.name}
          </option>
        ))}
      </select>
    </span>
  );
}

function LevelsEditor({ levels, choices }: { levels: EscalationLevels; choices: Choices }) {
  const [draft, setDraft] = useState<readonly EscalationLevel[]>(levels.levels);
  const save = useRoutingCommand('routing.setLevels');
  const changed = JSON.stringify(draft) !== JSON.stringify(levels.levels);
  const severityLabel = SEVERITY_PRESENTATION[levels.severity].label;
  const change = (index: number, patch: Partial<EscalationLevel>) =>
    setDraft(draft.map((level, i) => (i === index ? { ...level, ...patch } : level)));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ severity: levels.severity, levels: [...draft] });
  };
  return (
    <form
      onSubmit={submit}
      noValidate
      data-testid="levels-form"
      data-severity={levels.severity}
      aria-label={`${severityLabel} escalation levels`}
    >
      <h3>
        <SeverityBadge severity={levels.severity} />
      </h3>
      <ol className="alert-config-levels">
        {draft.map((level, index) => {
          const label = `${severityLabel} level ${index + 1}`;
          return (
            <li key={index} data-testid="level">
              <input
                aria-label={`${label}: name`}
                value={level.label}
                onChange={(e) => change(index, { label: e.target.value })}
                maxLength={maxLengthOf(EscalationLevel, 'label')}
                data-testid="level-label"
              />{' '}
              <TargetFields label={label} target={level.target} choices={choices} onChange={(target) => change(index, { target })} />{' '}
              <label className="alert-config-level-minutes">
                next level after{' '}
                <input
                  type="number"
                  min={1}
                  aria-label={`${label}: minutes to the next level`}
                  value={level.minutesToNext ?? ''}
                  placeholder="stay"
                  onChange={(e) => change(index, { minutesToNext: e.target.value === '' ? null : Number(e.target.value) })}
                  data-testid="level-minutes"
                />{' '}
                min
              </label>{' '}
              <button
                type="button"
                className="button button--small"
                onClick={() => setDraft(draft.filter((_, i) => i !== index))}
                disabled={draft.length === 1}
                data-testid="level-remove"
              >
                Remove
              </button>
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        className="button button--small"
        disabled={draft.length >= 5}
        onClick={() =>
          setDraft([...draft, { label: `Level ${draft.length + 1}`, target: { kind: 'role', role: 'admin' }, minutesToNext: null }])
        }
        data-testid="level-add"
      >
        Add a level
      </button>{' '}
      <CommandButton
        method="routing.setLevels"
        type="submit"
        className="button button--small button--primary"
        disabled={!changed || save.isPending}
        data-testid="levels-save"
      >
        {save.isPending ? 'Saving…' : 'Save'}
      </CommandButton>
      {save.isSuccess && !changed ? (
        <span className="saved" role="status" data-testid="levels-saved">
          {' '}
          Saved
        </span>
      ) : null}
      {save.isError ? <Problem title={`Not saved: ${errorText(save.error)}`} testId="levels-error" /> : null}
    </form>
  );
}

function ScheduleForm({ initial, choices, onDone }: { initial: ScheduleDraft; choices: Choices; onDone(): void }) {
  const { timeZone } = useEffectiveSettings();
  const [draft, setDraft] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [adding, setAdding] = useState('');
  const save = useRoutingCommand('oncall.save');
  const edit = (patch: Partial<ScheduleDraft>) => setDraft({ ...draft, ...patch });
  const editOverride = (index: number, patch: Partial<OverrideDraft>) =>
    edit({ overrides: draft.overrides.map((override, i) => (i === index ? { ...override, ...patch } : override)) });
  const names = peopleNames(choices.people.map((person) => ({ ...person, role: 'viewer' as const })));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = validateScheduleDraft(draft, timeZone);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    save.mutate(checked.input, { onSuccess: onDone });
  };
  const errorOf = (path: string) =>
    errors[path] ? (
      <span className="field-error" data-testid="field-error" data-field={path}>
        {errors[path]}
      </span>
    ) : null;
  return (
    <form onSubmit={submit} noValidate className="alert-config-form" data-testid="schedule-form" aria-label="On-call schedule">
      <div className="form-row">
        <label className="form-row__label" htmlFor="schedule-name">
          Name
        </label>
        <input id="schedule-name" value={draft.name} onChange={(e) => edit({ name: e.target.value })} data-testid="schedule-name" />
        {errorOf('name')}
      </div>
      <fieldset className="form-row form-row--wide">
        <legend className="form-row__label">Rotation, in order</legend>
        <ol>
          {draft.people.map((userId, index) => (
            <li key={userId} data-testid="schedule-person">
              {names.get(userId) ?? userId}{' '}
              <button
                type="button"
                className="button button--small"
                onClick={() => edit({ people: draft.people.filter((_, i) => i !== index) })}
                data-testid="schedule-person-remove"
              >
                Remove
              </button>
            </li>
          ))}
        </ol>
        <select
          aria-label="Add a person to the rotation"
          value={adding}
          onChange={(e) => setAdding(e.target.value)}
          data-testid="schedule-add-person"
        >
          <option value="">Pick a person…</option>
          {choices.people
            .filter((person) => !draft.people.includes(person.id))
            .map((person) => (
              <option key={person.id} value={person.id}>
                {person.displayName}
              </option>
            ))}
        </select>{' '}
        <button
          type="button"
          className="button button--small"
          disabled={adding === ''}
          onClick={() => {
            edit({ people: [...draft.people, adding] });
            setAdding('');
          }}
          data-testid="schedule-add"
        >
          Add
        </button>
        {errorOf('people')}
      </fieldset>
      <div className="form-row">
        <label className="form-row__label" htmlFor="schedule-weekday">
          Hands over on
        </label>
        <select
          id="schedule-weekday"
          value={draft.handoffWeekday}
          onChange={(e) => edit({ handoffWeekday: e.target.value })}
          data-testid="schedule-weekday"
        >
          {WEEKDAYS.map((day, index) => (
            <option key={day} value={String(index)}>
              {day}
            </option>
          ))}
        </select>{' '}
        <label>
          at{' '}
          <input
            aria-label="Handoff time"
            value={draft.handoffTime}
            onChange={(e) => edit({ handoffTime: e.target.value })}
            data-testid="schedule-time"
          />
        </label>
        {errorOf('handoffTime')}
      </div>
      <div className="form-row">
        <label className="form-row__label" htmlFor="schedule-weeks">
          Each person for (weeks)
        </label>
        <input
          id="schedule-weeks"
          value={draft.rotationWeeks}
          onChange={(e) => edit({ rotationWeeks: e.target.value })}
          data-testid="schedule-weeks"
        />
        {errorOf('rotationWeeks')}
      </div>
      <div className="form-row">
        <label className="form-row__label" htmlFor="schedule-starts">
          First handoff on or after
        </label>
        <input
          id="schedule-starts"
          value={draft.startsOn}
          onChange={(e) => edit({ startsOn: e.target.value })}
          data-testid="schedule-starts"
        />
        {errorOf('startsOn')}
      </div>
      <fieldset className="form-row form-row--wide">
        <legend className="form-row__label">Overrides (someone else on call from … to …)</legend>
        {draft.overrides.map((override, index) => (
          <div key={index} data-testid="schedule-override">
            <select
              aria-label={`Override ${index + 1}: person`}
              value={override.userId}
              onChange={(e) => editOverride(index, { userId: e.target.value })}
              data-testid="override-person"
            >
              {choices.people.map((person) => (
                <option key={person.id} value={person.id}>
                  {person.displayName}
                </option>
              ))}
            </select>{' '}
            <input
              aria-label={`Override ${index + 1}: from`}
              value={override.from}
              onChange={(e) => editOverride(index, { from: e.target.value })}
              data-testid="override-from"
            />
            {' to '}
            <input
              aria-label={`Override ${index + 1}: to`}
              value={override.to}
              onChange={(e) => editOverride(index, { to: e.target.value })}
              data-testid="override-to"
            />{' '}
            <input
              aria-label={`Override ${index + 1}: note`}
              value={override.note}
              placeholder="Why"
              onChange={(e) => editOverride(index, { note: e.target.value })}
              data-testid="override-note"
            />{' '}
            <button
              type="button"
              className="button button--small"
              onClick={() => edit({ overrides: draft.overrides.filter((_, i) => i !== index) })}
              data-testid="override-remove"
            >
              Remove
            </button>
            {errorOf(`overrides.${index}.from`)}
            {errorOf(`overrides.${index}.to`)}
          </div>
        ))}
        <button
          type="button"
          className="button button--small"
          disabled={choices.people.length === 0}
          onClick={() =>
            edit({
              overrides: [
                ...draft.overrides,
                { userId: choices.people[0]?.id ?? '', from: epochToTimeText(Date.now(), timeZone), to: '', note: '' },
              ],
            })
          }
          data-testid="override-add"
        >
          Add an override
        </button>
      </fieldset>
      <CommandButton
        method="oncall.save"
        type="submit"
        className="button button--primary"
        disabled={save.isPending}
        data-testid="schedule-save"
      >
        {save.isPending ? 'Saving…' : 'Save schedule'}
      </CommandButton>{' '}
      <button type="button" className="button" onClick={onDone} data-testid="schedule-cancel">
        Cancel
      </button>
      {save.isError ? <Problem title={`Not saved: ${errorText(save.error)}`} testId="schedule-error" /> : null}
    </form>
  );
}

function SchedulesEditor({ schedules, choices }: { schedules: readonly OnCallSchedule[]; choices: Choices }) {
  const { timeZone } = useEffectiveSettings();
  const [editing, setEditing] = useState<ScheduleDraft | null>(null);
  const remove = useRoutingCommand('oncall.delete');
  const names = peopleNames(choices.people.map((person) => ({ ...person, role: 'viewer' as const })));
  return (
    <section className="alert-config-section" aria-labelledby="schedules-title">
      <h2 id="schedules-title">On-call schedules</h2>
      <ul data-testid="schedules">
        {schedules.map((schedule) => (
          <li key={schedule.id} data-testid="schedule-row">
            <strong>{schedule.name}</strong>: {schedule.people.map((id) => names.get(id) ?? id).join(' → ')}, {schedule.rotationWeeks}{' '}
            {schedule.rotationWeeks === 1 ? 'week' : 'weeks'} each, handing over {WEEKDAYS[schedule.handoffWeekday]} {schedule.handoffTime}
            {schedule.overrides.length > 0
              ? ` (${schedule.overrides.length} override${schedule.overrides.length === 1 ? '' : 's'})`
              : ''}{' '}
            <CommandButton
              method="oncall.save"
              className="button button--small"
              onClick={() => setEditing(draftFromSchedule(schedule, timeZone))}
              data-testid="schedule-edit"
            >
              Edit
            </CommandButton>{' '}
            <CommandButton
              method="oncall.delete"
              className="button button--small"
              onClick={() => remove.mutate({ id: schedule.id })}
              data-testid="schedule-delete"
            >
              Delete
            </CommandButton>
          </li>
        ))}
      </ul>
      {remove.isError ? <Problem title={`Not deleted: ${errorText(remove.error)}`} testId="schedule-delete-error" /> : null}
      {editing ? (
        <ScheduleForm key={editing.id ?? 'new'} initial={editing} choices={choices} onDone={() => setEditing(null)} />
      ) : (
        <CommandButton
          method="oncall.save"
          className="button"
          onClick={() => setEditing(emptyScheduleDraft(epochToTimeText(Date.now(), timeZone).slice(0, 10)))}
          data-testid="schedule-new"
        >
          New schedule
        </CommandButton>
      )}
    </section>
  );
}

/** A person's own contact channel: what a level naming them, or their schedule, notifies. */
function ContactsEditor({ choices }: { choices: Choices }) {
  const can = useCan('oncall.contacts');
  const contacts = useContacts(can.allowed);
  const set = useRoutingCommand('oncall.setContact');
  if (!can.allowed || !contacts.data) return null;
  const byUser = new Map(contacts.data.map((contact) => [contact.userId, contact.channelId]));
  return (
    <section className="alert-config-section" aria-labelledby="contacts-title">
      <h2 id="contacts-title">How to reach each person</h2>
      <ul data-testid="contacts">
        {choices.people.map((person) => (
          <li key={person.id} data-testid="contact-row">
            <label>
              {person.displayName}{' '}
              <select
                value={byUser.get(person.id) ?? ''}
                onChange={(e) => set.mutate({ userId: person.id, channelId: e.target.value === '' ? null : e.target.value })}
                data-testid="contact-channel"
              >
                <option value="">No contact channel (the console only)</option>
                {choices.channels.map((channel) => (
                  <option key={channel.id} value={channel.id}>
                    {channel.name}
                  </option>
                ))}
              </select>
            </label>
          </li>
        ))}
      </ul>
      {set.isError ? <Problem title={`Not saved: ${errorText(set.error)}`} testId="contact-error" /> : null}
    </section>
  );
}

/** Routing by severity, escalation levels that name who, on-call schedules and contacts (issue 16). */
export function RoutingSection() {
  const table = useRoutingTable();
  const levels = useEscalationLevels();
  const schedules = useOnCallSchedules();
  const people = usePeople();
  const channelsAllowed = useCan('channels.list').allowed;
  const channels = useChannels();
  const failed = [table, levels, schedules, people].find((query) => query.isError);
  if (failed?.error) return <Problem title={`Could not read the routing: ${failed.error.message}`} />;
  if (!table.data || !levels.data || !schedules.data || !people.data) {
    return (
      <p className="loading" role="status">
        Reading the routing…
      </p>
    );
  }
  const choices: Choices = {
    people: people.data,
    schedules: schedules.data,
    channels: channelsAllowed ? (channels.data ?? []) : [],
  };
  return (
    <>
      <OnCallNowList />
      <RoutingTableEditor key={JSON.stringify(table.data)} table={table.data} schedules={schedules.data} />
      <section className="alert-config-section" aria-labelledby="levels-title">
        <h2 id="levels-title">Escalation levels</h2>
        <p className="muted alert-config-section__intro">
          An alert nobody acknowledges escalates after its severity&apos;s delay (Escalation tab) to level 1, then on to each next level;
          each level notifies whom it names, through their contact channel, and the alert&apos;s history records who it reached.
        </p>
        {SEVERITIES.map((severity) => {
          const ofSeverity = levels.data.find((entry) => entry.severity === severity);
          return ofSeverity ? <LevelsEditor key={JSON.stringify(ofSeverity)} levels={ofSeverity} choices={choices} /> : null;
        })}
      </section>
      <SchedulesEditor schedules={schedules.data} choices={choices} />
      <ContactsEditor choices={choices} />
    </>
  );
}
