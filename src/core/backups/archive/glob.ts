// Include/exclude patterns for source folders, matched against paths relative to the folder, with
// "/" between segments on every system:
//   *   any characters within one segment      (*.log, cam-*)
//   ?   one character within a segment         (day-?.json)
//   **  any number of whole segments, or none  (**/*.tmp, cache/**, a/**/b)
// Anything else is literal. A pattern matches the whole path: "*.log" matches only at the top
// level, "**/*.log" at any depth. Exclude wins over include, and an excluded folder is not entered.
import { ArchiveInputError } from './errors';

const REGEXP_SPECIAL = /[\\^$.|+()[\]{}]/g;

function segmentSource(segment: string): string {
  return segment.replace(REGEXP_SPECIAL, '\\$&').replaceAll('*', '[^/]*').replaceAll('?', '[^/]');
}

export function compileGlob(pattern: string): RegExp {
  const normalized = pattern.replaceAll('\\', '/');
  if (normalized.trim() === '') throw new ArchiveInputError('A file pattern cannot be empty.');
  if (normalized.startsWith('/')) throw new ArchiveInputError(`The file pattern "${pattern}" must be relative to the folder (no leading "/").`);
  const segments = normalized.split('/');
  if (segments.some((segment) => segment === '..' || segment === '.')) throw new ArchiveInputError(`The file pattern "${pattern}" cannot contain "." or ".." segments.`);
  let source = '';
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    if (segment === '**') source += last ? '.*' : '(?:[^/]+/)*';
    else source += segmentSource(segment) + (last ? '' : '/');
  });
  return new RegExp(`^${source}$`);
}

export function matchesGlob(pattern: string, relativePath: string): boolean {
  return compileGlob(pattern).test(relativePath);
}

export interface PathFilterPatterns {
  /** Defaults to everything ("**"). */
  include?: readonly string[];
  exclude?: readonly string[];
}

export interface PathFilter {
  /** Whether a file at this relative path is backed up. */
  includesFile(relativePath: string): boolean;
  /** Whether a folder at this relative path is entered at all. */
  entersFolder(relativePath: string): boolean;
}

export function createPathFilter(patterns: PathFilterPatterns = {}): PathFilter {
  const include = (patterns.include && patterns.include.length > 0 ? patterns.include : ['**']).map(compileGlob);
  const exclude = (patterns.exclude ?? []).map(compileGlob);
  const excluded = (path: string) => exclude.some((pattern) => pattern.test(path));
  return {
    includesFile: (path) => !excluded(path) && include.some((pattern) => pattern.test(path)),
    // "cache" and "cache/**" both keep the walk out of cache/; the trailing slash tests the latter.
    entersFolder: (path) => !excluded(path) && !excluded(`${path}/`),
  };
}
