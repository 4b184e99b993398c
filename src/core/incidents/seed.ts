import { randomUUID } from 'node:crypto';
import type { Notice } from '../../shared/contract';
import type { Clock } from '../../shared/domain/clock';
import type { Repositories } from '../db';
import type { Logger } from '../logging';
import { describeSopError, readSopFolder, sopSlugOfFile, unchangedAfterRefusal } from './sop-files';

/**
 * Seeds SOP templates from the YAML files shipped in resources/sops. A new or changed file adds a
 * version; an unchanged one adds nothing. A file with an error is refused with its file, line and
 * field (a notice every console shows, and the log) and the current version, if any, stays in use. A
 * template someone edited in the console keeps that edit: a changed file does not override it.
 */
export function seedSopTemplates(repos: Repositories, folder: string, clock: Clock, logger: Logger): Notice[] {
  const notices: Notice[] = [];
  const now = clock.now();
  for (const { file, result } of readSopFolder(folder)) {
    if (!result.ok) {
      const lines = result.errors.map(describeSopError);
      logger.warn({ file, errors: lines }, 'SOP template file refused');
      notices.push({
        id: randomUUID(),
        level: 'warning',
        at: now,
        title: `SOP template ${file} was refused`,
        detail: `${lines.join('; ')}. ${unchangedAfterRefusal(repos.incidents.getTemplate(sopSlugOfFile(file)))} Fix the file and restart Watchroom.`,
      });
      continue;
    }
    const { template, contentHash } = result;
    const latest = repos.incidents.getTemplate(template.slug);
    if (latest?.contentHash === contentHash) continue;
    if (latest && latest.source !== 'file') {
      logger.info(
        { file, slug: template.slug, version: latest.version },
        'SOP template file changed, but the console holds a newer edit: kept the edit',
      );
      continue;
    }
    repos.transaction(() =>
      repos.incidents.insertTemplate({
        slug: template.slug,
        version: (latest?.version ?? 0) + 1,
        name: template.name,
        description: template.description,
        steps: template.steps,
        source: 'file',
        contentHash,
        createdAt: now,
        createdBy: `resources/sops/${file}`,
      }),
    );
    logger.info({ file, slug: template.slug, version: (latest?.version ?? 0) + 1 }, 'SOP template seeded');
  }
  return notices;
}
