import { describe, expect, it } from 'vitest';
import { SEVERITIES } from '../../shared/contract';
import { SEVERITY_PRESENTATION } from './severity';

describe('severity presentation', () => {
  // The table is written out (symbols and words cannot be derived); its order is the contract's, so a
  // reader of the table, and anything that ever lists it, sees the severities worst first.
  it("presents exactly the contract's severities, worst first", () => {
    expect(Object.keys(SEVERITY_PRESENTATION)).toEqual([...SEVERITIES]);
  });
});
