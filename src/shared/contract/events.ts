import { z } from 'zod';
import { Notice } from './app';
import { text } from './strings';
import { Settings } from './settings';
import { MonitorState, ProbeResultsBatch } from './monitoring';
import { AlertAttention, AlertsChanged } from './alerts';
import { IncidentAttention, IncidentsChanged } from './incidents';
import { BackupTask, BackupsChanged } from './backups';
import { AuthChanged } from './people';
import { BackendState } from './backend';
import { OutboxChanged } from './outbox';
import { Presence } from './seats';
import { HandoversChanged } from './handovers';

/**
 * The configuration a config.changed event names. Sites and monitors have monitors.changed, and
 * backup jobs backups.changed: those events carry more than "read it again".
 */
export const CONFIG_KINDS = ['rules', 'escalation', 'silences', 'channels', 'sops'] as const;
export type ConfigKind = (typeof CONFIG_KINDS)[number];

/** Everything core pushes to consoles without being asked. */
export const events = {
  'settings.changed': Settings,
  'audit.appended': z.object({ seq: z.number().int(), action: z.string(), actor: z.string() }),
  'app.notice': Notice,
  /** A notice no longer holds (space came back on a full disk): consoles take its banner down. */
  'app.notice.withdrawn': z.object({ id: text() }).strict(),
  /** A monitor's status (or why) changed: pushed at once. */
  'monitor.state': MonitorState,
  /** Sites or monitors were added, changed or removed: consoles refetch the board. */
  'monitors.changed': z.object({ reason: z.string() }),
  /** Alert rules, escalation policies, silences, channels or SOP templates were saved or removed: consoles read that kind again. */
  'config.changed': z.object({ kind: z.enum(CONFIG_KINDS) }).strict(),
  /** Probe results, coalesced to at most 4 batches a second per console. */
  'probe.results': ProbeResultsBatch,
  /** Alerts that changed, whole, with the console status: pushed at once. */
  'alerts.changed': AlertsChanged,
  /** Get someone's attention now: sound, banner, OS notification, window to the front. */
  'alert.attention': AlertAttention,
  /** Incidents that changed, whole: pushed at once. */
  'incidents.changed': IncidentsChanged,
  /** A P0 update is due, a clock was breached or a step skipped: every console shows it. */
  'incident.attention': IncidentAttention,
  /** A running backup, verification or restore: at most a few times a second. */
  'backups.progress': BackupTask,
  /** A task ended (with what happened), or a job or its backups changed: consoles read them again. */
  'backups.changed': BackupsChanged,
  /** A session started, locked, unlocked or ended: transports drop its sockets when it ended, renderers read auth.state again. */
  'auth.changed': AuthChanged,
  /** The console's backend link changed (connecting, connected, offline) or another backend was chosen. */
  'backend.changed': BackendState,
  /** A seat was registered or revoked, or a console connected or left with it: the hub drops a revoked seat's consoles, admins read seats.list again. */
  /** A console's outbox changed (a command went in, was applied or refused, redone or dropped): the status bar's count and the refused list follow. */
  'outbox.changed': OutboxChanged,
  'seats.changed': z.object({ seatId: z.string(), reason: z.enum(['registered', 'revoked', 'connected', 'disconnected']) }),
  /** Who is signed in where, or what they view, changed: the header and incident pages show it. */
  'presence.changed': Presence,
  /** A handover was started, noted, handed over, asked about, answered or accepted (issue 15): both seats follow it live. */
  'handovers.changed': HandoversChanged,
} as const satisfies Record<string, z.ZodType>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const eventNames = Object.keys(events) as EventName[];

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

/** One event as it travels: name and payload together, so a union narrows on the name. */
export type EventMessage = { [E in EventName]: { event: E; payload: EventPayload<E> } }[EventName];
