import { describe, expect, it } from 'vitest';
import { nodeVersionProblem } from './node-version';

describe('the Node version check at serve start', () => {
  it('accepts Node 22 and newer', () => {
    expect(nodeVersionProblem('22.0.0')).toBeNull();
    expect(nodeVersionProblem('v24.1.0')).toBeNull();
  });

  it('says what to do on an older Node instead of letting the SQLite driver crash', () => {
    expect(nodeVersionProblem('20.19.2')).toMatch(/needs Node.js 22 or newer, and this is Node.js 20.19.2/);
    expect(nodeVersionProblem('20.19.2')).toMatch(/source scripts\/use-node22.sh/);
    expect(nodeVersionProblem('garbage')).not.toBeNull();
  });
});
