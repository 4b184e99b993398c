import type { Incident, Priority, STATUS_UPDATE_TEMPLATES } from '../contract/incidents';
import { P0_UPDATE_EVERY_MINUTES } from './incident-sla';

export type StatusUpdateTemplate = (typeof STATUS_UPDATE_TEMPLATES)[number];

export interface StatusUpdateDraft {
  whatHappened: string;
  impact: string;
  actions: string;
  nextUpdateInMinutes: number | null;
}

export const STATUS_UPDATE_LABELS: Record<StatusUpdateTemplate, string> = {
  initial: 'Initial report',
  progress: 'Progress update',
  resolved: 'Resolved',
};

/** How soon an open incident promises its next update: P0 by its rule, the others often enough for the people waiting. */
const NEXT_UPDATE_MINUTES: Record<Priority, number> = { P0: P0_UPDATE_EVERY_MINUTES, P1: 30, P2: 60 };

/**
 * A prefilled skeleton the operator edits: the known facts written out, and the rest as bracketed
 * prompts, so nothing the reader needs is forgotten under pressure and an unfinished part stands out.
 */
export function statusUpdateDraft(
  template: StatusUpdateTemplate,
  incident: Pick<Incident, 'title' | 'priority' | 'siteName'>,
): StatusUpdateDraft {
  const subject = incident.siteName === null ? incident.title : `${incident.title} at ${incident.siteName}`;
  switch (template) {
    case 'initial':
      return {
        whatHappened: `${incident.priority} incident: ${subject}. Detected at [time] by [alarm / camera / guard / caller].`,
        impact: '[Areas, cameras or doors affected; whether the site is currently unprotected.]',
        actions: '[Who is on the way or on site; police / fire / keyholder called, with reference numbers.]',
        nextUpdateInMinutes: NEXT_UPDATE_MINUTES[incident.priority],
      };
    case 'progress':
      return {
        whatHappened: `Update on ${subject}: [what has been found or has changed since the last update].`,
        impact: '[What is still affected; any change in risk to the site or people.]',
        actions: '[Done since the last update; what happens next and who does it.]',
        nextUpdateInMinutes: NEXT_UPDATE_MINUTES[incident.priority],
      };
    case 'resolved':
      return {
        whatHappened: `${subject} is resolved. Cause: [what caused it].`,
        impact: '[How long the site was affected; since when it is secure again.]',
        actions: '[How it was resolved; follow-up work and who owns it.]',
        nextUpdateInMinutes: null,
      };
  }
}

/**
 * The template's own prompts in [brackets] still in the texts: an update posted with them tells the
 * reader nothing, and one Enter on a dialog that opens filled in posted exactly that (walk-through).
 * Brackets the operator typed are theirs.
 */
export function promptsLeft(
  template: StatusUpdateTemplate,
  incident: Pick<Incident, 'title' | 'priority' | 'siteName'>,
  texts: readonly string[],
): string[] {
  const { whatHappened, impact, actions } = statusUpdateDraft(template, incident);
  const prompts = [whatHappened, impact, actions].flatMap((text) => text.match(/\[[^\]]+\]/g) ?? []);
  return prompts.filter((prompt) => texts.some((text) => text.includes(prompt)));
}

/** One line on the timeline: line breaks become spaces, and each part ends like a sentence. */
function asSentence(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line === '' || /[.!?…]$/.test(line) ? line : `${line}.`;
}

/** One update as it reads on the timeline and in the report: "Progress update — What happened: … Impact: … Actions: … Next update by 14:30." (time formatting via a passed function) */
export function formatStatusUpdate(
  update: { template: StatusUpdateTemplate; whatHappened: string; impact: string; actions: string; nextUpdateAt: number | null },
  formatTime: (ms: number) => string,
): string {
  const parts = [
    ['What happened', asSentence(update.whatHappened)],
    ['Impact', asSentence(update.impact)],
    ['Actions', asSentence(update.actions)],
  ] as const;
  const body = parts
    // Impact and actions may be left empty; an empty heading would only add noise.
    .filter(([, text]) => text !== '')
    .map(([label, text]) => `${label}: ${text}`);
  if (update.nextUpdateAt !== null) body.push(`Next update by ${formatTime(update.nextUpdateAt)}.`);
  return `${STATUS_UPDATE_LABELS[update.template]} — ${body.join(' ')}`;
}
