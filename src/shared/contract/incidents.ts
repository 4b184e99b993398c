import { z } from 'zod';
import { patternRefusal } from './patterns';
import { text } from './strings';

const id = text().min(1).max(64);
const note = text().trim().max(2000, 'At most 2,000 characters');
const timestamp = z.number().int();

export const PRIORITIES = ['P0', 'P1', 'P2'] as const;
export const Priority = z.enum(PRIORITIES);
export type Priority = z.infer<typeof Priority>;

/** DESIGN.md's order; `resolved` is the end. */
export const INCIDENT_STATES = ['investigating', 'identified', 'fixing', 'monitoring', 'resolved'] as const;
export const IncidentState = z.enum(INCIDENT_STATES);
export type IncidentState = z.infer<typeof IncidentState>;

// ---- SOP templates ----

/** A step id: stable across versions, so a branch can name the step it goes to. */
export const StepId = text().regex(/^[a-z0-9][a-z0-9-]{0,47}$/, 'Use lower-case letters, digits and dashes, for example call-police');
/** Where a yes/no answer leads: a later step, `end` (nothing more to do), or null for the next step in order. */
export const StepTarget = z.union([StepId, z.literal('end')]).nullable();

export const STEP_KINDS = ['check', 'yes-no', 'input'] as const;
export const StepKind = z.enum(STEP_KINDS);

/** Console pages an SOP step can point to: the checklist shows a button that opens it ("export the audit log": the Audit page). */
export const SOP_STEP_PAGES = ['audit', 'security', 'sessions', 'users', 'backups'] as const;
export const SopStepPage = z.enum(SOP_STEP_PAGES);
export type SopStepPage = z.infer<typeof SopStepPage>;
export type StepKind = z.infer<typeof StepKind>;

export const StepInputSpec = z
  .object({
    label: text().trim().min(1, 'Say what to enter').max(120),
    /**
     * A regular expression the whole value must match, for example ^[A-Z]{2}-\d{6}$ for a police
     * reference. RE2 syntax, checked in linear time (see patterns.ts); what it cannot run is refused here.
     */
    pattern: text()
      .max(200)
      .superRefine((source, ctx) => {
        const refusal = patternRefusal(source);
        if (refusal !== null) ctx.addIssue({ code: 'custom', message: refusal });
      })
      .nullable()
      .default(null),
    /** What a valid value looks like, shown next to the field and in the refusal: "AB-123456". */
    example: text().max(120).default(''),
  })
  .strict();
export type StepInputSpec = z.output<typeof StepInputSpec>;

export const SopStep = z
  .object({
    id: StepId,
    title: text().trim().min(1, 'Give the step a title').max(160, 'At most 160 characters'),
    detail: text().max(4000, 'At most 4,000 characters').default(''),
    required: z.boolean().default(true),
    /** Who should do it, for example "supervisor"; null for whoever owns the incident. */
    role: text().trim().max(60).nullable().default(null),
    /** Minutes from the incident's start within which it should be done. */
    timeLimitMinutes: z.number().int().min(1, 'At least 1 minute').max(1440, 'At most 24 hours').nullable().default(null),
    kind: StepKind.default('check'),
    /** yes-no only: where each answer leads. */
    onYes: StepTarget.default(null),
    onNo: StepTarget.default(null),
    /** input only: what to enter and how it is checked. */
    input: StepInputSpec.nullable().default(null),
    /** The console page the step is done on, if any; templates saved before this field existed have none. */
    page: SopStepPage.nullable().default(null),
  })
  .strict()
  .superRefine((step, ctx) => {
    if (step.kind === 'input' && step.input === null)
      ctx.addIssue({ code: 'custom', path: ['input'], message: 'An input step needs a label for what to enter' });
    if (step.kind !== 'input' && step.input !== null)
      ctx.addIssue({ code: 'custom', path: ['input'], message: 'Only an input step takes an input' });
    if (step.kind !== 'yes-no' && (step.onYes !== null || step.onNo !== null)) {
      ctx.addIssue({ code: 'custom', path: [step.onYes !== null ? 'onYes' : 'onNo'], message: 'Only a yes/no step branches' });
    }
  });
export type SopStepInput = z.input<typeof SopStep>;
export type SopStep = z.output<typeof SopStep>;

/** A template as written (in the console or a YAML file); saving it makes a new version. */
export const SopTemplateInput = z
  .object({
    /** Stable across versions: `intrusion-alarm`. */
    slug: text().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'Use lower-case letters, digits and dashes, for example camera-down'),
    name: text().trim().min(1, 'Give the template a name').max(120, 'At most 120 characters'),
    description: text().max(2000).default(''),
    steps: z.array(SopStep).min(1, 'A template needs at least one step').max(100, 'At most 100 steps'),
  })
  .strict()
  .superRefine((template, ctx) => {
    const position = new Map<string, number>();
    template.steps.forEach((step, index) => {
      if (position.has(step.id))
        ctx.addIssue({ code: 'custom', path: ['steps', index, 'id'], message: `Step id "${step.id}" is used twice` });
      else position.set(step.id, index);
    });
    template.steps.forEach((step, index) => {
      for (const field of ['onYes', 'onNo'] as const) {
        const target = step[field];
        if (target === null || target === 'end') continue;
        const at = position.get(target);
        if (at === undefined) ctx.addIssue({ code: 'custom', path: ['steps', index, field], message: `There is no step "${target}"` });
        // Forward only: a checklist never loops back.
        else if (at <= index)
          ctx.addIssue({
            code: 'custom',
            path: ['steps', index, field],
            message: `"${target}" comes before this step; a branch may only go forward`,
          });
      }
    });
  });
export type SopTemplateInput = z.input<typeof SopTemplateInput>;
export type SopTemplateSpec = z.output<typeof SopTemplateInput>;

/** A template saved from the console editor, with the version it was based on (null: a new template). */
export const SopSaveInput = SopTemplateInput.safeExtend({ basedOnVersion: z.number().int().positive().nullable() });
export type SopSaveInput = z.input<typeof SopSaveInput>;

export const SopSource = z.enum(['file', 'console']);
export const SopTemplate = z.object({
  slug: z.string(),
  version: z.number().int().positive(),
  name: z.string(),
  description: z.string(),
  steps: z.array(SopStep),
  /** `file`: seeded from resources/sops; `console`: saved by someone in the console. */
  source: SopSource,
  createdAt: timestamp,
  createdBy: z.string(),
});
export type SopTemplate = z.infer<typeof SopTemplate>;

/** The latest version of each template, for lists and pickers. */
export const SopSummary = z.object({
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  version: z.number().int(),
  steps: z.number().int(),
  updatedAt: timestamp,
});
export type SopSummary = z.infer<typeof SopSummary>;

/** A YAML template as text, from a file the operator picked; refused with file, line and field. */
export const SopImportInput = z.object({ fileName: text().trim().min(1).max(200), text: text().max(200_000) }).strict();
export const SopGetInput = z.object({ slug: text().min(1), version: z.number().int().positive().optional() }).strict();

// ---- Incidents ----

export const STEP_STATUSES = ['open', 'done', 'skipped'] as const;
export const StepStatus = z.enum(STEP_STATUSES);
export type StepStatus = z.infer<typeof StepStatus>;

/** What happened to one step of an incident's checklist. */
export const StepRecord = z.object({
  stepId: z.string(),
  status: StepStatus,
  by: z.string().nullable(),
  at: timestamp.nullable(),
  note: z.string(),
  /** yes-no steps: the answer given. */
  answer: z.enum(['yes', 'no']).nullable(),
  /** input steps: the value entered. */
  value: z.string().nullable(),
  skipReason: z.string().nullable(),
  /** Done by a command of this console's outbox the hub has not applied yet ("pending sync"). */
  pendingSync: z.literal(true).optional(),
});
export type StepRecord = z.infer<typeof StepRecord>;

export const FollowUpAction = z
  .object({
    what: text().trim().min(1, 'Say what is to be done').max(300),
    owner: text().trim().min(1, 'Name who does it').max(120),
    dueAt: timestamp.nullable().default(null),
  })
  .strict();
export type FollowUpAction = z.output<typeof FollowUpAction>;

/** The post-incident review: written while or after the incident is worked. */
export const IncidentReview = z
  .object({
    summary: text().max(4000).default(''),
    impact: text().max(4000).default(''),
    rootCause: text().max(4000).default(''),
    lessons: text().max(4000).default(''),
    actions: z.array(FollowUpAction).max(50).default([]),
  })
  .strict();
export type IncidentReview = z.output<typeof IncidentReview>;

export const TakeoverRequest = z.object({ byId: z.string(), by: z.string(), at: timestamp, note: z.string() });
export type TakeoverRequest = z.infer<typeof TakeoverRequest>;

export const LinkedAlert = z.object({ alertId: z.string(), summary: z.string(), severity: z.string(), linkedAt: timestamp });
export type LinkedAlert = z.infer<typeof LinkedAlert>;

export const Incident = z.object({
  id,
  /** Shown as INC-<number>. */
  number: z.number().int().positive(),
  title: z.string(),
  priority: Priority,
  state: IncidentState,
  /** The template version this incident follows, pinned when it started; null for an incident without an SOP. */
  sop: z.object({ slug: z.string(), version: z.number().int(), name: z.string() }).nullable(),
  siteId: z.string().nullable(),
  siteName: z.string().nullable(),
  ownerId: z.string().nullable(),
  owner: z.string().nullable(),
  takeoverRequest: TakeoverRequest.nullable(),
  /** When the clocks started: the first linked alert's first sighting, or the creation. */
  startedAt: timestamp,
  createdAt: timestamp,
  createdBy: z.string(),
  /** First claimed: stops the respond clock. */
  respondedAt: timestamp.nullable(),
  respondDueAt: timestamp,
  resolveDueAt: timestamp,
  respondBreachedAt: timestamp.nullable(),
  resolveBreachedAt: timestamp.nullable(),
  resolvedAt: timestamp.nullable(),
  resolution: z.string().nullable(),
  /** Why it was resolved with required steps still open. */
  resolveOverride: z.string().nullable(),
  lastUpdateAt: timestamp.nullable(),
  /** When the next status update is due (P0: every 15 minutes; otherwise as the last update said). */
  nextUpdateDueAt: timestamp.nullable(),
  steps: z.array(StepRecord),
  alerts: z.array(LinkedAlert),
  review: IncidentReview,
  updatedAt: timestamp,
  /** Shown with commands of this console's outbox applied on top, which the hub has not applied yet ("pending sync"). */
  pendingSync: z.literal(true).optional(),
});
export type Incident = z.infer<typeof Incident>;

export const INCIDENT_EVENT_KINDS = [
  'created',
  'alert-linked',
  'state',
  'priority',
  'claimed',
  'takeover-requested',
  'takeover-declined',
  'taken-over',
  'handed-over',
  'step-done',
  'step-skipped',
  'step-reopened',
  'note',
  'status-update',
  'update-due',
  'respond-breached',
  'resolve-breached',
  'review',
  'resolved',
] as const;
export const IncidentEventKind = z.enum(INCIDENT_EVENT_KINDS);
export type IncidentEventKind = z.infer<typeof IncidentEventKind>;

/** One line of the timeline: who did what, when, written with the command that did it. */
export const IncidentEvent = z.object({
  at: timestamp,
  kind: IncidentEventKind,
  actor: z.string(),
  detail: z.string(),
  /** The step it concerns, if any. */
  stepId: z.string().nullable(),
  /** Written by a command of this console's outbox the hub has not applied yet ("pending sync"). */
  pendingSync: z.literal(true).optional(),
});
export type IncidentEvent = z.infer<typeof IncidentEvent>;

export const IncidentDetail = z.object({
  incident: Incident,
  /** The pinned template version; null for an incident without an SOP. */
  template: SopTemplate.nullable(),
  timeline: z.array(IncidentEvent),
});
export type IncidentDetail = z.infer<typeof IncidentDetail>;

export const IncidentListInput = z
  .object({
    /** Resolved incidents too, newest first after the open ones. */
    includeResolved: z.boolean().default(false),
  })
  .strict()
  .optional();

export const CreateIncidentInput = z
  .object({
    title: text().trim().min(1, 'Give the incident a title').max(200, 'At most 200 characters'),
    priority: Priority,
    /** The SOP template to follow (its latest version is pinned); null for none. */
    sopSlug: text().min(1).nullable(),
    alertIds: z.array(id).max(200).default([]),
    /** The creator owns it at once (the usual case at a console). */
    claim: z.boolean().default(true),
    note: note.default(''),
  })
  .strict();
export type CreateIncidentInput = z.input<typeof CreateIncidentInput>;

export const IncidentIdInput = z.object({ id }).strict();
export const IncidentNoteInput = z.object({ id, note: text().trim().min(1, 'Write the note').max(2000) }).strict();
export const SetIncidentStateInput = z.object({ id, state: IncidentState.exclude(['resolved']), note: note.default('') }).strict();
export const SetPriorityInput = z
  .object({ id, priority: Priority, reason: text().trim().min(1, 'Say why the priority changes').max(500) })
  .strict();
export const LinkAlertsInput = z.object({ id, alertIds: z.array(id).min(1).max(200) }).strict();
export const TakeoverInput = z.object({ id, note: note.default('') }).strict();
export const AnswerTakeoverInput = z.object({ id, accept: z.boolean(), note: note.default('') }).strict();
/** Take it without the owner's consent: the reason is audited and shown on the timeline. */
export const OverrideTakeoverInput = z
  .object({ id, reason: text().trim().min(1, 'Say why you take it over without consent').max(500) })
  .strict();
/** To a person picked from `users.people` (their user id): they own it at once, by id, wherever they sign in. */
export const HandOverInput = z.object({ id, toId: id.min(1, 'Choose who takes it'), note: note.default('') }).strict();

export const CheckStepInput = z
  .object({
    id,
    stepId: StepId,
    note: note.default(''),
    answer: z.enum(['yes', 'no']).optional(),
    value: text().trim().max(500).optional(),
  })
  .strict();
export const SkipStepInput = z
  .object({ id, stepId: StepId, reason: text().trim().min(1, 'Say why the step is skipped').max(500) })
  .strict();
export const ReopenStepInput = z
  .object({ id, stepId: StepId, reason: text().trim().min(1, 'Say why the step is opened again').max(500) })
  .strict();

export const STATUS_UPDATE_TEMPLATES = ['initial', 'progress', 'resolved'] as const;
export const StatusUpdateInput = z
  .object({
    id,
    template: z.enum(STATUS_UPDATE_TEMPLATES),
    whatHappened: text().trim().min(1, 'Say what happened').max(2000),
    impact: text().trim().max(2000).default(''),
    actions: text().trim().max(2000).default(''),
    /** Minutes until the next update is due; null when none is promised (P0 is due every 15 minutes anyway). */
    nextUpdateInMinutes: z.number().int().min(1, 'At least 1 minute').max(1440, 'At most 24 hours').nullable().default(null),
  })
  .strict();
export type StatusUpdateInput = z.input<typeof StatusUpdateInput>;

export const ResolveIncidentInput = z
  .object({
    id,
    resolution: text().trim().min(1, 'Say how it was resolved').max(2000),
    /** Needed when required steps are still open: why it is resolved anyway. Audited. */
    override: text().trim().max(500).optional(),
  })
  .strict();
export const ReviewInput = z.object({ id, review: IncidentReview }).strict();

export const IncidentReport = z.object({ fileStem: z.string(), markdown: z.string(), html: z.string() });
export type IncidentReport = z.infer<typeof IncidentReport>;

export const IncidentsChanged = z.object({ incidents: z.array(Incident) });

/** A P0 status update is due, or a clock was breached: every console shows it. */
export const IncidentAttention = z.object({
  incidentId: id,
  number: z.number().int(),
  reason: z.enum(['update-due', 'respond-breached', 'resolve-breached', 'step-skipped']),
  title: z.string(),
  at: timestamp,
});
export type IncidentAttention = z.infer<typeof IncidentAttention>;
