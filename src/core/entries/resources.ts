import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The shipped SOP templates: next to the app in a packaged build (electron-builder copies
 * resources/ to process.resourcesPath/resources), otherwise the repository's resources/sops, two
 * folders up from dist/core.
 */
export function shippedSopFolder(): string {
  const packaged = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  if (packaged !== undefined) {
    const folder = join(packaged, 'resources', 'sops');
    if (existsSync(folder)) return folder;
  }
  return fileURLToPath(new URL('../../resources/sops', import.meta.url));
}
