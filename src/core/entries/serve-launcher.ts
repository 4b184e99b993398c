/**
 * dist/core/serve.mjs and dist/core/hub.mjs: checks the Node version before anything loads the
 * SQLite driver (a bundle hoists its package imports, so the check needs a file of its own), then
 * starts serve mode from serve-main.mjs (the hub from hub-main.mjs) beside it.
 */
import { nodeVersionProblem } from './node-version';

const problem = nodeVersionProblem(process.versions.node);
if (problem !== null) {
  process.stderr.write(`watchroom: ${problem}\n`);
  process.exit(1);
}
// A computed specifier: the bundler leaves it alone, so serve-main stays a file of its own. The
// launcher is built once per entry and starts the main named after itself.
const launcherName = import.meta.url.slice(import.meta.url.lastIndexOf('/') + 1).replace(/\.mjs$/, '');
const entryMain = new URL(`./${launcherName}-main.mjs`, import.meta.url).href;
import(entryMain).catch((error: unknown) => {
  process.stderr.write(`watchroom: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(70);
});
