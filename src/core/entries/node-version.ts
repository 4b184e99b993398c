/** The SQLite driver is built for Node 22's ABI; on an older Node it dies with a bare "Segmentation fault". */
export const MINIMUM_NODE_MAJOR = 22;

/** What to tell the operator when this Node is too old, or null when it will do. */
export function nodeVersionProblem(version: string): string | null {
  const major = Number.parseInt(version.replace(/^v/, '').split('.')[0] ?? '', 10);
  if (Number.isInteger(major) && major >= MINIMUM_NODE_MAJOR) return null;
  return [
    `Watchroom needs Node.js ${MINIMUM_NODE_MAJOR} or newer, and this is Node.js ${version}.`,
    'In the repository, run `source scripts/use-node22.sh` in this shell (it lasts for this shell only),',
    `or install Node.js ${MINIMUM_NODE_MAJOR} (for example \`nvm install ${MINIMUM_NODE_MAJOR}\`), then start Watchroom again.`,
  ].join('\n');
}
