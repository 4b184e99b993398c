import { z } from 'zod';
import { text } from './strings';
import { AppHealth, AppInfo, HealthHistory, WhoAmI } from './app';
import { RetentionOverview } from './retention';
import { RetiredMonitor } from './retired';
import { AuditListInput, AuditPage, AuditVerifyResult } from './audit';
import { Settings, SettingsPatch } from './settings';
import { SecuritySummary, SecuritySummaryInput } from './security';
import { AvailabilityInput, AvailabilityReport, OperationsReview, OperationsReviewInput } from './reports';
import { Presence, PresenceViewInput, RegisteredSeat, Seat, SeatIdInput, SeatRegisterInput } from './seats';
import {
  BoardSnapshot,
  BoardSnapshotInput,
  ConfigExport,
  ConfigExportInput,
  IdInput,
  ImportInput,
  ImportResult,
  MaintenanceInput,
  ManualStateInput,
  Monitor,
  MonitorDetail,
  MonitorInput,
  Series,
  SeriesRange,
  Site,
  SiteInput,
} from './monitoring';
import {
  AcknowledgeInput,
  Alert,
  AlertDetail,
  AlertIdInput,
  AlertListInput,
  AlertSnapshot,
  Channel,
  ChannelInput,
  EscalationPolicy,
  ResolveInput,
  Rule,
  RuleInput,
  Silence,
  SilenceInput,
  SilencePreview,
  SnoozeInput,
  NotificationOutcome,
} from './alerts';
import {
  BackupFileEntry,
  BackupFilesInput,
  BackupIdInput,
  BackupJob,
  BackupJobInput,
  BackupJobUpdate,
  BackupRecord,
  BackupsOverview,
  BackupTask,
  JobIdInput,
  RestoreInput,
  RetentionPreview,
  RetentionPreviewInput,
  TaskIdInput,
} from './backups';
import {
  BackupRunHistory,
  BackupRunsInput,
  FileWithPassphrase,
  FolderListing,
  OpenFolderInput,
  RestoreFileInput,
  RotateKeyInput,
} from './recovery';
import {
  AnswerTakeoverInput,
  CheckStepInput,
  CreateIncidentInput,
  HandOverInput,
  Incident,
  IncidentDetail,
  IncidentIdInput,
  IncidentListInput,
  IncidentNoteInput,
  IncidentReport,
  LinkAlertsInput,
  OverrideTakeoverInput,
  ReopenStepInput,
  ResolveIncidentInput,
  ReviewInput,
  SetIncidentStateInput,
  SetPriorityInput,
  SkipStepInput,
  SopGetInput,
  SopImportInput,
  SopSummary,
  SopTemplate,
  SopSaveInput,
  StatusUpdateInput,
  TakeoverInput,
} from './incidents';
import {
  AuthState,
  ChangePasswordInput,
  PairDeviceInput,
  PairedDevice,
  Person,
  RecoveryCodes,
  ResetPasswordInput,
  Session,
  SessionIdInput,
  SetupInput,
  SignInInput,
  StepUpCredentials,
  StepUpResult,
  TotpConfirmInput,
  TotpEnrolment,
  User,
  UserCreateInput,
  UserIdInput,
  UserUpdateInput,
} from './people';
import { BackendState, HubCertificate, InspectHubInput, UseHubInput } from './backend';
import { AuditExportCheck, AuditExportCheckInput, AuditExportFile, AuditExportInput } from './audit-export';
import { AlertHistoryInput, AlertHistoryPage } from './alert-history';
import { OutboxChanged, OutboxEntryIdInput, OutboxList, OutboxRedoInput, OutboxRedone } from './outbox';
import {
  Handover,
  HandoverAnswerInput,
  HandoverCurrent,
  HandoverIdInput,
  HandoverItemInput,
  HandoverNotesInput,
  HandoverQuestionInput,
  SetShiftsInput,
  ShiftPlan,
} from './handovers';
import { EscalationLevels, OnCallIdInput, OnCallNow, OnCallSchedule, OnCallScheduleInput, RoutingTable, UserContact } from './routing';
import { WatcherSettings, WatcherStatus } from './watcher';
import { OnShiftNow } from './on-shift';

/**
 * A query reads; a command changes something and is audited. Both are described only by
 * their schemas: every caller type below is inferred from them.
 */
export type MethodKind = 'query' | 'command';

export interface MethodSpec<K extends MethodKind = MethodKind, I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly kind: K;
  readonly input: I;
  readonly output: O;
  readonly summary: string;
}

function query<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, summary: string): MethodSpec<'query', I, O> {
  return { kind: 'query', input, output, summary };
}
function command<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, summary: string): MethodSpec<'command', I, O> {
  return { kind: 'command', input, output, summary };
}

/** The version of a monitor or rule an edit was based on: the one the editor loaded. */
const configVersion = z.number().int().min(1);

/** Input of a method that takes no arguments: nothing, or an empty object. */
export const NoInput = z.object({}).strict().optional();

/** A step-up: the authorizer's credentials, and one command of the console with its input, checked by that command's schema. */
export interface StepUpInput {
  username: string;
  password: string;
  code?: string | undefined;
  method: string;
  input?: unknown;
}
// Lazy: it reads the method table it is part of. Sign-in and the step-up itself cannot be stepped up.
const StepUpInput: z.ZodType<StepUpInput, unknown> = z.lazy(
  () =>
    z.discriminatedUnion(
      'method',
      Object.entries(methods)
        .filter(([name, spec]) => spec.kind === 'command' && !name.startsWith('auth.'))
        .map(([name, spec]) => z.object({ ...StepUpCredentials, method: z.literal(name), input: spec.input }).strict()) as unknown as [
        z.ZodObject,
        ...z.ZodObject[],
      ],
    ) as unknown as z.ZodType<StepUpInput, unknown>,
);

export const methods = {
  'app.info': query(NoInput, AppInfo, 'Version, mode, database encryption and start-up notices'),
  'app.health': query(NoInput, AppHealth, "The console's own health: database latency, uptime, memory"),
  'app.healthHistory': query(NoInput, HealthHistory, "The console's own health as core recorded it every 10 s, the last hour at most"),
  'app.whoami': query(NoInput, WhoAmI, 'Who this console acts as: the name on its commands'),
  'settings.get': query(NoInput, Settings, 'Current console settings'),
  'settings.set': command(SettingsPatch, Settings, 'Change one or more settings; returns all settings'),
  'audit.list': query(AuditListInput, AuditPage, 'Audit entries, newest first, filtered and paged'),
  'audit.verify': query(
    NoInput,
    AuditVerifyResult,
    'Recompute the hash chain, compare its head with the anchors (log, backups) and report every problem',
  ),

  'sites.list': query(NoInput, z.array(Site), 'Every site, by name'),
  'sites.create': command(SiteInput, Site, 'Add a site'),
  'sites.update': command(z.object({ id: text().min(1), site: SiteInput }).strict(), Site, 'Change a site'),
  'sites.delete': command(IdInput, z.object({ id: text() }), 'Remove a site that has no monitors left'),
  'sites.setMaintenance': command(MaintenanceInput, Site, 'Put a site (and every monitor in it) in or out of maintenance'),

  'board.snapshot': query(BoardSnapshotInput, BoardSnapshot, 'Every site and monitor with its current state, from the latest-state table'),
  'monitors.get': query(IdInput, MonitorDetail, 'One monitor: config, state and why, uptime, recent changes'),
  'monitors.series': query(
    z.object({ id: text().min(1), range: SeriesRange }).strict(),
    Series,
    'Latency and uptime series from the roll-ups',
  ),
  'monitors.create': command(MonitorInput, Monitor, 'Add a monitor; it is probed from now on'),
  'monitors.update': command(
    z.object({ id: text().min(1), monitor: MonitorInput, basedOnVersion: configVersion }).strict(),
    Monitor,
    'Change a monitor; refused as a conflict, with both versions, when it changed since the version the edit was based on',
  ),
  'monitors.delete': command(
    IdInput,
    z.object({ id: text() }),
    'Retire a monitor: off the board and no longer probed or alerted on, its history kept until retention removes it',
  ),
  'monitors.pause': command(IdInput, Monitor, 'Stop probing a monitor until resumed'),
  'monitors.resume': command(IdInput, Monitor, 'Probe a paused monitor again'),
  'monitors.setMaintenance': command(MaintenanceInput, Monitor, 'Put a monitor (and its children) in or out of maintenance'),
  'monitors.setManualState': command(ManualStateInput, Monitor, "Set a manual monitor's state, with a note"),

  // A command, so every export (above all one with secrets) is in the audit log.
  'config.export': command(
    ConfigExportInput,
    ConfigExport,
    'Every site and monitor as a portable JSON document: secrets left out, or included and encrypted with a passphrase',
  ),
  'config.import': command(ImportInput, ImportResult, 'Add the sites and monitors of a JSON document: all of them, or none'),

  'alerts.snapshot': query(AlertListInput, AlertSnapshot, 'Every open alert, recent resolutions, the console status and alert storms'),
  'alerts.get': query(AlertIdInput, AlertDetail, 'One alert with its history and notification outcomes'),
  'alerts.acknowledge': command(AcknowledgeInput, Alert, 'Acknowledge an alert with a reason code and a note'),
  'alerts.claim': command(AlertIdInput, Alert, 'Take ownership of an alert'),
  'alerts.escalate': command(AlertIdInput, Alert, 'Escalate an alert a level now and notify again'),
  'alerts.snooze': command(SnoozeInput, Alert, 'Mute an alert for a while; it sounds again if still open'),
  'alerts.resolve': command(ResolveInput, Alert, 'Resolve an alert by hand, with a reason'),

  'rules.list': query(NoInput, z.array(Rule), 'Every alert rule, built-in first'),
  'rules.create': command(RuleInput, Rule, 'Add an alert rule'),
  'rules.update': command(
    z.object({ id: text().min(1), rule: RuleInput, basedOnVersion: configVersion }).strict(),
    Rule,
    'Change an alert rule; refused as a conflict, with both versions, when it changed since the version the edit was based on',
  ),
  'rules.delete': command(AlertIdInput, z.object({ id: text() }), 'Remove a user rule; its open alerts resolve'),
  'escalation.list': query(NoInput, z.array(EscalationPolicy), 'The escalation policy of every severity'),
  'escalation.set': command(EscalationPolicy, EscalationPolicy, "Change one severity's escalation policy"),

  'silences.list': query(NoInput, z.array(Silence), 'Silences and maintenance windows, active first'),
  'silences.preview': query(SilenceInput, SilencePreview, 'Which current alerts a silence would match, before saving it'),
  'silences.create': command(SilenceInput, Silence, 'Add a silence or maintenance window'),
  'silences.update': command(
    z.object({ id: text().min(1), silence: SilenceInput }).strict(),
    Silence,
    'Change a silence or maintenance window',
  ),
  'silences.delete': command(AlertIdInput, z.object({ id: text() }), 'End and remove a silence or maintenance window'),

  'channels.list': query(NoInput, z.array(Channel), 'Notification channels (secrets are not sent back)'),
  'channels.create': command(ChannelInput, Channel, 'Add a webhook or e-mail channel'),
  'channels.update': command(z.object({ id: text().min(1), channel: ChannelInput }).strict(), Channel, 'Change a notification channel'),
  'channels.delete': command(AlertIdInput, z.object({ id: text() }), 'Remove a notification channel'),
  // A query: it stores nothing, and it waits for the network, which a command's transaction must never do.
  'channels.test': query(AlertIdInput, NotificationOutcome, 'Send a test notification now and report what happened'),

  'incidents.list': query(IncidentListInput, z.array(Incident), 'Open incidents, most urgent first (and resolved ones when asked)'),
  'incidents.get': query(IncidentIdInput, IncidentDetail, 'One incident with its pinned SOP template and its timeline'),
  'incidents.report': query(IncidentIdInput, IncidentReport, 'The post-incident report as Markdown and printable HTML'),
  'incidents.create': command(CreateIncidentInput, Incident, 'Open an incident from alerts or by hand, with a priority and an SOP'),
  'incidents.linkAlerts': command(LinkAlertsInput, Incident, 'Link more alerts to an incident'),
  'incidents.setState': command(SetIncidentStateInput, Incident, 'Move an incident to investigating, identified, fixing or monitoring'),
  'incidents.setPriority': command(SetPriorityInput, Incident, "Change an incident's priority (its clocks follow), with a reason"),
  'incidents.claim': command(IncidentIdInput, Incident, 'Take ownership of an incident nobody owns'),
  'incidents.requestTakeover': command(TakeoverInput, Incident, "Ask an incident's owner to hand it over"),
  'incidents.answerTakeover': command(AnswerTakeoverInput, Incident, 'The owner accepts or declines a takeover request'),
  'incidents.overrideTakeover': command(
    OverrideTakeoverInput,
    Incident,
    "Take an incident over without its owner's consent, with a reason",
  ),
  'incidents.handOver': command(HandOverInput, Incident, 'Hand an incident to someone else'),
  'incidents.checkStep': command(CheckStepInput, Incident, 'Mark an SOP step done (with the answer or value it asks for)'),
  'incidents.skipStep': command(SkipStepInput, Incident, 'Skip an SOP step with a reason; the supervisor is told'),
  'incidents.reopenStep': command(ReopenStepInput, Incident, 'Open a done or skipped step again, with a reason'),
  'incidents.addNote': command(IncidentNoteInput, Incident, 'Add a note to the timeline'),
  'incidents.postUpdate': command(StatusUpdateInput, Incident, 'Post a status update: what happened, impact, actions, next update'),
  'incidents.resolve': command(ResolveIncidentInput, Incident, 'Resolve an incident (with an override reason if required steps are open)'),
  'incidents.setReview': command(ReviewInput, Incident, 'Write the review: summary, impact, root cause, actions, lessons'),

  'sops.list': query(NoInput, z.array(SopSummary), 'The latest version of every SOP template'),
  'sops.get': query(SopGetInput, SopTemplate, 'One SOP template, its latest or a given version'),
  'sops.save': command(
    SopSaveInput,
    SopTemplate,
    'Save an SOP template as its next version; refused as a conflict, with both versions, when a newer one was saved since the one it was based on',
  ),
  'sops.import': command(SopImportInput, SopTemplate, 'Save an SOP template from YAML text as its next version'),

  'backups.overview': query(NoInput, BackupsOverview, 'Every backup job with its last run and next run, and what is running now'),
  'backups.list': query(JobIdInput, z.array(BackupRecord), "A job's backups, newest first, with size, compression and verify state"),
  'backups.files': query(BackupFilesInput, z.array(BackupFileEntry), 'What a backup holds, read from its authenticated manifest'),
  'backups.retentionPreview': query(
    RetentionPreviewInput,
    RetentionPreview,
    'Which backups a retention policy keeps and which it would delete (a dry run)',
  ),
  'backups.createJob': command(
    BackupJobInput,
    BackupJob,
    'Add a backup job: sources, destination, schedule, retention, compression, passphrase',
  ),
  'backups.updateJob': command(BackupJobUpdate, BackupJob, 'Change a backup job (a new passphrase gives new backups a new key)'),
  'backups.deleteJob': command(JobIdInput, z.object({ id: text() }), 'Remove a backup job; its backups stay on disk'),
  'backups.runNow': command(JobIdInput, BackupTask, 'Start a backup of a job now'),
  'backups.cancel': command(
    TaskIdInput,
    z.object({ taskId: text() }),
    'Cancel a running backup, verification or restore; nothing half-written stays',
  ),
  'backups.verify': command(BackupIdInput, BackupTask, 'Read a backup back and authenticate every byte'),
  'backups.applyRetention': command(JobIdInput, RetentionPreview, 'Delete the backups the retention policy does not keep'),
  'backups.restore': command(RestoreInput, BackupTask, "Restore a backup's files to a new folder, or the console's database in place"),

  'auth.state': query(NoInput, AuthState, "What this connection's seat shows: set-up, sign-in, the lock screen or the console"),
  'auth.setup': command(SetupInput, AuthState, 'Create the first admin and sign this seat in; refused once any user exists'),
  'auth.signIn': command(SignInInput, AuthState, 'Sign this seat in (on a locked seat: the same person unlocks, another switches user)'),
  'auth.signOut': command(NoInput, AuthState, "End this seat's session"),
  'auth.lock': command(NoInput, AuthState, 'Lock this seat: the board stays, commands wait for a sign-in'),
  // A query: the renderer reports input (throttled) so idle lock counts people, not polling.
  'auth.activity': query(NoInput, AuthState, 'Someone is using this seat: the idle lock starts counting again'),
  'auth.changePassword': command(ChangePasswordInput, AuthState, 'Change your own password (your other sessions end)'),
  'auth.totpBegin': command(NoInput, TotpEnrolment, 'Start enrolling an authenticator app: its secret and QR code, shown once'),
  'auth.totpConfirm': command(
    TotpConfirmInput,
    RecoveryCodes,
    'Confirm the authenticator app with a first code; returns 10 recovery codes',
  ),
  'auth.stepUp': command(
    StepUpInput,
    StepUpResult,
    "A supervisor at this seat authorizes one command with their own credentials: it runs with the supervisor's role",
  ),

  'users.list': query(NoInput, z.array(User), 'Every user, active or not, by name'),
  'users.people': query(NoInput, z.array(Person), 'Active people by name, for pickers (hand over to, take over from)'),
  'users.create': command(UserCreateInput, User, 'Add a user with a role, sites and a first password'),
  'users.update': command(UserUpdateInput, User, "Change a user's name, role or sites"),
  'users.deactivate': command(UserIdInput, User, 'Deactivate a user (never deleted: the audit names them); their sessions end at once'),
  'users.reactivate': command(UserIdInput, User, 'Let a deactivated user sign in again'),
  'users.resetPassword': command(ResetPasswordInput, User, 'Set a new password for a user; their sessions end'),
  'users.unlock': command(UserIdInput, User, 'Open an account locked by failed sign-ins'),
  'users.resetTotp': command(UserIdInput, User, "Remove a user's authenticator app and recovery codes (a lost phone)"),

  'sessions.list': query(NoInput, z.array(Session), 'Every open session: user, seat, address, started, last active'),
  'sessions.end': command(SessionIdInput, z.object({ id: text() }).strict(), 'End a session; its seat is signed out at once'),
  'devices.pair': command(PairDeviceInput, PairedDevice, 'Pair a wall display as a viewer device: a long-lived session with no idle lock'),

  'backend.state': query(NoInput, BackendState, "This console's backend (this workstation or a hub) and how fresh its data is"),
  // A query: it stores nothing, and it waits for the network, which a command's transaction must never do.
  'backend.inspectHub': query(
    InspectHubInput,
    HubCertificate,
    "Connect to a hub without trusting it and show its certificate's fingerprint",
  ),
  'backend.useHub': command(
    UseHubInput,
    BackendState,
    "Work against a hub from the next start, its certificate pinned; the seat's credential kept encrypted here",
  ),
  'backend.useEmbedded': command(NoInput, BackendState, 'Work against this workstation again from the next start (the hub stays as it is)'),
  'seats.list': query(NoInput, z.array(Seat), 'The consoles registered with this hub: online or not, last seen, who is signed in there'),
  'seats.register': command(SeatRegisterInput, RegisteredSeat, 'Register a console with this hub; its credential is shown once'),
  'seats.revoke': command(SeatIdInput, Seat, 'Revoke a seat: its consoles are disconnected at once and refused from then on'),
  'outbox.list': query(NoInput, OutboxList, "This console's commands made offline: those waiting to sync, and those the hub refused"),
  'outbox.redo': command(OutboxRedoInput, OutboxRedone, 'Give a command the hub refused again, as a new command now'),
  'outbox.drop': command(OutboxEntryIdInput, OutboxChanged, 'Drop a command the hub refused (recorded in this console’s log)'),
  'presence.list': query(NoInput, Presence, 'Who is signed in at which seat now, and which incident each has open'),
  // A query: it changes only what this seat says it is viewing, kept in memory and never audited.
  'presence.view': query(PresenceViewInput, Presence, 'Tell the other seats which incident this person has open here (null: none)'),

  'security.summary': query(
    SecuritySummaryInput,
    SecuritySummary,
    "The console's own security events of a period (from the audit log), with counts by type and severity and the top failure sources",
  ),

  // Recovery on a replacement workstation (issue 16): backups opened from a folder, run history, key rotation.
  // A query: it reads the folder and derives keys (scrypt), which a command's transaction must never wait for; core audits it itself.
  'backups.openFolder': query(
    OpenFolderInput,
    FolderListing,
    'List every backup in a folder from its authenticated header and manifest, opened with its passphrase (no job needed)',
  ),
  'backups.verifyFile': command(FileWithPassphrase, BackupTask, 'Read a backup file from a folder back with its passphrase'),
  'backups.restoreFile': command(
    RestoreFileInput,
    BackupTask,
    "Restore a backup file from a folder with its passphrase: its files to a new folder, or the console's database at the next start",
  ),
  'backups.runs': query(BackupRunsInput, BackupRunHistory, "A job's runs, newest first: start, duration, size, files, outcome, error"),
  'backups.rotateKey': command(
    RotateKeyInput,
    BackupJob,
    "Key a job's new backups with a new passphrase; the old key stays for older backups",
  ),
  // Issue 15, retention.
  'retention.overview': query(
    NoInput,
    RetentionOverview,
    'Every kind of data with its retention policy, what it holds and what the next prune removes (dry run)',
  ),
  // Shift handover (issue 15).
  'handovers.current': query(NoInput, HandoverCurrent, 'The shifts, the shift change nearest now and its handover, if one was started'),
  'handovers.list': query(NoInput, z.array(Handover), 'Handover history, newest shift change first'),
  'handovers.get': query(HandoverIdInput, Handover, 'One handover with every item, its notes, questions and acceptances'),
  'handovers.start': command(
    NoInput,
    Handover,
    'Build the handover of the shift change nearest now from the live state (again, keeping the notes, while it is a draft)',
  ),
  'handovers.setNotes': command(HandoverNotesInput, Handover, "The outgoing operator's general note and notes per item, while a draft"),
  'handovers.handOver': command(HandoverIdInput, Handover, 'The outgoing operator signs the handover and hands it over'),
  'handovers.accept': command(
    HandoverItemInput,
    Handover,
    'The incoming operator accepts an item (an incident becomes theirs, with consent recorded); the last one completes it',
  ),
  'handovers.ask': command(HandoverQuestionInput, Handover, 'The incoming operator asks the outgoing one about an item'),
  'handovers.answer': command(HandoverAnswerInput, Handover, "The outgoing operator answers the incoming one's question"),
  'handovers.setShifts': command(SetShiftsInput, ShiftPlan, 'When shifts change, in the console time zone (none: no handovers asked for)'),
  // Reports (issue 15): availability and the monthly operations review, read from roll-ups, incidents, alerts, backups and the audit log.
  'reports.availability': query(
    AvailabilityInput,
    AvailabilityReport,
    'Uptime, downtime, outages and the longest outage per site and monitor for a month or period, against a target; incidents with MTTA and MTTR per site',
  ),
  'reports.operationsReview': query(
    OperationsReviewInput,
    OperationsReview,
    'The monthly operations review: incidents, targets, alerts, noisiest monitors, acknowledgement times, backups, security events and the audit chain, beside the month before',
  ),
  // Issue 15, audit export and alert history search.
  // A command, so that every export is itself in the audit log.
  'audit.export': command(
    AuditExportInput,
    AuditExportFile,
    'The audit entries of a period as CSV or JSON Lines, each with its hash and digest, anchored to the entry before',
  ),
  'audit.checkExport': query(
    AuditExportCheckInput,
    AuditExportCheck,
    "Check an audit export as the standalone verifier does, and against this console's own entries",
  ),
  'alerts.history': query(
    AlertHistoryInput,
    AlertHistoryPage,
    'Every alert ever kept, newest first: by text, site, monitor, severity, rule, who acknowledged and period, paged by keyset',
  ),
  // Routing (issue 16): the routing table by severity, escalation levels that name who, on-call schedules, people's contacts.
  'routing.get': query(NoInput, RoutingTable, 'The routing table: where an alert of each severity goes when its rule uses the table'),
  'routing.set': command(RoutingTable, RoutingTable, 'Change the routing table'),
  'routing.levels': query(
    NoInput,
    z.array(EscalationLevels),
    'Who each escalation level of every severity notifies, and when the next level follows',
  ),
  'routing.setLevels': command(EscalationLevels, EscalationLevels, "Change one severity's escalation levels"),
  'oncall.schedules': query(NoInput, z.array(OnCallSchedule), 'The on-call schedules: weekly rotations and their overrides'),
  'oncall.save': command(OnCallScheduleInput, OnCallSchedule, 'Create an on-call schedule, or change one (with its overrides)'),
  'oncall.delete': command(OnCallIdInput, z.object({ id: text() }), 'Delete an on-call schedule no escalation level or route names'),
  'oncall.now': query(NoInput, z.array(OnCallNow), 'Who every schedule has on call now and until when, and who is next'),
  'oncall.contacts': query(NoInput, z.array(UserContact), "Each person's contact channel (their pager, say)"),
  'oncall.setContact': command(UserContact, UserContact, "Set or clear a person's contact channel"),
  // Issue 16, watch the watcher: the heartbeat URL (dead man's switch) and the daily alive summary.
  'watcher.status': query(NoInput, WatcherStatus, "The heartbeat's last success and last error, and the daily alive summary's last send"),
  // A query of its own: the address usually carries the check's key, which only an admin sees.
  'watcher.settings': query(NoInput, WatcherSettings, 'The heartbeat URL and method, and the time and channel of the daily alive summary'),
  'watcher.configure': command(
    WatcherSettings,
    WatcherSettings,
    'Set or switch off the heartbeat URL (called every minute) and the daily alive summary (a time of day and a channel)',
  ),

  // Issue 15, retired monitors: a deleted monitor is retired; a supervisor restores it, an admin purges its history.
  'monitors.retired': query(NoInput, z.array(RetiredMonitor), 'The retired monitors, most recently retired first, with when and by whom'),
  'monitors.restore': command(IdInput, z.object({ id: text() }), 'Put a retired monitor back in service with its history'),
  'monitors.purge': command(
    IdInput,
    z.object({ id: text() }),
    'Remove a retired monitor with all its history (results, roll-ups, state changes, alerts) in one transaction',
  ),

  // Issue 16, the operator on shift: escalation level 1 reaches whoever took the current shift over at its handover.
  'oncall.onShift': query(
    NoInput,
    OnShiftNow,
    'Who is on shift now: the incoming operator of the completed handover into this shift, else its outgoing one, else who is signed in',
  ),
} as const satisfies Record<string, MethodSpec>;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
/** What a caller may pass (before defaults are applied). */
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
/** What a handler receives (after parsing and defaults). */
export type ParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;

export type CommandName = { [M in MethodName]: Methods[M]['kind'] extends 'command' ? M : never }[MethodName];
export type QueryName = Exclude<MethodName, CommandName>;

export const methodNames = Object.keys(methods) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(methods, name);
}
