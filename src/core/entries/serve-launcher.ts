/**
 * dist/core/serve.mjs: checks the Node version before anything loads the SQLite driver (a bundle
 * hoists its package imports, so the check needs a file of its own), then starts serve mode from
 * serve-main.mjs beside it.
 */
import { nodeVersionProblem } from './node-version';

const problem = nodeVersionProblem(process.versions.node);
if (problem !== null) {
  process.stderr.write(`watchroom: ${problem}\n`);
  process.exit(1);
}
// A computed specifier: the bundler leaves it alone, so serve-main stays a file of its own.
const serveMain = new URL('./serve-main.mjs', import.meta.url).href;
import(serveMain).catch((error: unknown) => {
  process.stderr.write(`watchroom: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(70);
});
