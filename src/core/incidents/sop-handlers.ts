import { WatchroomError, type SopStep, type SopTemplate, type SopTemplateSpec } from '../../shared/contract';
import {
  refuseStaleEdit,
  type CallContext,
  type Capability,
  type CapabilityContext,
  type CommandOutcome,
  type MethodsOf,
} from '../service';
import { toSopSummary, toSopTemplate } from './model';
import { describeSopError, parseSopYaml, sopSlugOfFile, unchangedAfterRefusal } from './sop-files';

export type SopMethods = MethodsOf<'sops'>;

/**
 * SOP templates: every save is a new version (an incident keeps the version it started with), and
 * an import is the same save after the YAML file was checked whole.
 */
/** A step as one line beside its number: its title, and what sets it apart from a plain required check. */
function shownStep(step: SopStep): string {
  const notes = [
    step.required ? null : 'optional',
    step.kind === 'check' ? null : step.kind,
    step.role === null ? null : `for ${step.role}`,
    step.timeLimitMinutes === null ? null : `within ${step.timeLimitMinutes} min`,
  ].filter((note) => note !== null);
  return notes.length === 0 ? step.title : `${step.title} (${notes.join(', ')})`;
}

/** A template under its editor's labels: one side of a stale save's comparison. */
function shownTemplate(template: SopTemplateSpec): Record<string, string> {
  return {
    Name: template.name,
    Description: template.description === '' ? 'None' : template.description,
    ...Object.fromEntries(template.steps.map((step, index) => [`Step ${index + 1}`, shownStep(step)])),
  };
}

export function createSopHandlers({
  repos,
  clock,
  identity,
}: Pick<CapabilityContext, 'repos' | 'clock' | 'identity'>): Capability<SopMethods>['handlers'] {
  const repo = repos.incidents;

  function saveTemplate(spec: SopTemplateSpec, ctx: CallContext): CommandOutcome<SopTemplate> {
    const latest = repo.getTemplate(spec.slug);
    const row = {
      slug: spec.slug,
      version: (latest?.version ?? 0) + 1,
      name: spec.name,
      description: spec.description,
      steps: spec.steps,
      source: 'console' as const,
      contentHash: null,
      createdAt: clock.now(),
      createdBy: ctx.actor.displayName,
    };
    repo.insertTemplate(row);
    const template = toSopTemplate(row);
    return {
      value: template,
      target: `sop:${spec.slug}`,
      before: latest ? { version: latest.version } : null,
      after: { version: row.version, name: row.name, steps: spec.steps.map((s) => s.title) },
      events: [{ event: 'config.changed', payload: { kind: 'sops' } }],
    };
  }

  return {
    'sops.list': () => repo.latestTemplates().map(toSopSummary),
    'sops.get': ({ slug, version }: { slug: string; version?: number | undefined }) => {
      const row = repo.getTemplate(slug, version);
      if (!row)
        throw new WatchroomError(
          'not_found',
          version === undefined ? `There is no SOP template "${slug}"` : `There is no version ${version} of the SOP template "${slug}"`,
        );
      return toSopTemplate(row);
    },
    'sops.save': ({ basedOnVersion, ...spec }: SopTemplateSpec & { basedOnVersion: number | null }, ctx: CallContext) => {
      const latest = repo.getTemplate(spec.slug);
      if (latest)
        refuseStaleEdit(
          basedOnVersion ?? 0,
          shownTemplate(spec),
          { name: latest.name, version: latest.version, updatedAt: latest.createdAt, fields: shownTemplate(toSopTemplate(latest)) },
          { now: clock.now(), identity },
        );
      return saveTemplate(spec, ctx);
    },
    // A file names no version it was based on: importing it makes it the next version, as the SOP folder does.

    'sops.import': ({ fileName, text }: { fileName: string; text: string }, ctx: CallContext) => {
      const parsed = parseSopYaml(fileName, text);
      if (!parsed.ok) {
        const [first] = parsed.errors;
        // A template's slug is its file name, so the file says which template it would have changed.
        const unchanged = unchangedAfterRefusal(repo.getTemplate(sopSlugOfFile(fileName)));
        throw new WatchroomError(
          'invalid_input',
          `${fileName} was refused${first ? `: ${describeSopError(first)}` : ''}. ${unchanged}`,
          parsed.errors.map((e) => ({ path: e.field ?? '', message: e.message, ...(e.line !== null ? { line: e.line } : {}) })),
        );
      }
      return saveTemplate(parsed.template, ctx);
    },
  };
}
