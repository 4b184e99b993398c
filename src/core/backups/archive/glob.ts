// Include/exclude patterns for source folders, matched against paths relative to the folder, with
// "/" between segments on every system:
//   *   any characters within one segment      (*.log, cam-*)
//   ?   one character within a segment         (day-?.json)
//   **  any number of whole segments, or none  (**/*.tmp, cache/**, a/**/b)
// Anything else is literal. A pattern matches the whole path: "*.log" matches only at the top
// level, "**/*.log" at any depth. Exclude wins over include, and an excluded folder is not entered.
// Globs are translated to RE2 syntax and matched by re2js in time linear in the path: a
// backtracking RegExp took `*a*a*a*a*a*a*a*a*a*a*a*a*b` polynomial time per path and kept a backup
// in "Listing files" at 90 % CPU.
import { RE2JS } from 're2js';
import { ArchiveInputError } from './errors';

/** What RE2 would read as an operator; `*` and `?` are the glob's own and translated below. */
const RE2_SPECIAL = /[\\^$.|+()[\]{}]/g;

function segmentSource(segment: string): string {
  return segment.replace(RE2_SPECIAL, '\\$&').replaceAll('*', '[^/]*').replaceAll('?', '[^/]');
}

/** The RE2 source matching exactly the paths the glob names. */
export function globSource(pattern: string): string {
  const normalized = pattern.replaceAll('\\', '/');
  if (normalized.trim() === '') throw new ArchiveInputError('A file pattern cannot be empty.');
  if (normalized.startsWith('/'))
    throw new ArchiveInputError(`The file pattern "${pattern}" must be relative to the folder (no leading "/").`);
  const segments = normalized.split('/');
  if (segments.some((segment) => segment === '..' || segment === '.'))
    throw new ArchiveInputError(`The file pattern "${pattern}" cannot contain "." or ".." segments.`);
  let source = '';
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    // (?s:.*): a file name may hold a line break, and `.` alone would stop at it.
    if (segment === '**') source += last ? '(?s:.*)' : '(?:[^/]+/)*';
    else source += segmentSource(segment) + (last ? '' : '/');
  });
  return source;
}

/**
 * Whether a path matches any of the globs. One matcher per glob: an alternation of fifty long
 * globs outgrows RE2's state cache and took seconds per path, each on its own takes milliseconds.
 */
function compileGlobs(patterns: readonly string[]): (relativePath: string) => boolean {
  const matchers = patterns.map((pattern) => RE2JS.compile(globSource(pattern)));
  // matches() is a whole-path match.
  return (relativePath) => matchers.some((matcher) => matcher.matches(relativePath));
}

export function matchesGlob(pattern: string, relativePath: string): boolean {
  return compileGlobs([pattern])(relativePath);
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
  const included = compileGlobs(patterns.include && patterns.include.length > 0 ? patterns.include : ['**']);
  const excluded = compileGlobs(patterns.exclude ?? []);
  return {
    includesFile: (path) => !excluded(path) && included(path),
    // "cache" and "cache/**" both keep the walk out of cache/; the trailing slash tests the latter.
    entersFolder: (path) => !excluded(path) && !excluded(`${path}/`),
  };
}
