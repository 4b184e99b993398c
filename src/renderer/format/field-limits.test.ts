import { describe, expect, it } from 'vitest';
import { BackupJobInput, ChannelInput, MonitorInput, RuleInput, SiteInput } from '../../shared/contract';
import { FREE_TEXT_MAX, listTextMaxLengthOf, maxLengthOf } from './field-limits';

describe('text field limits from the contract', () => {
  it('read the schema’s own maximum, through optional fields, unions of kinds and lists of objects', () => {
    expect(maxLengthOf(MonitorInput, 'name')).toBe(120);
    expect(maxLengthOf(SiteInput, 'address')).toBe(300);
    expect(maxLengthOf(RuleInput, 'scope.tag')).toBe(40);
    expect(maxLengthOf(ChannelInput, 'config.host')).toBe(253);
    expect(maxLengthOf(BackupJobInput, 'passphrase')).toBe(1000);
    expect(maxLengthOf(BackupJobInput, 'sources.path')).toBeGreaterThan(0);
  });

  it('allow a list typed as text every item at its longest, with separators', () => {
    expect(listTextMaxLengthOf(MonitorInput, 'tags')).toBe(20 * (40 + 2));
  });

  it('fall back to a cap far below a freeze where the contract sets none', () => {
    expect(maxLengthOf(MonitorInput, 'no.such.field')).toBe(FREE_TEXT_MAX);
  });
});
