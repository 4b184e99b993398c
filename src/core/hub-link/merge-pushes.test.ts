import { describe, expect, it } from 'vitest';
import type { FeedChanges } from '../../shared/contract';
import { mergePushes } from './merge-pushes';

const push = (fromSeq: number, toSeq: number, head = toSeq): FeedChanges => ({
  kind: 'changes',
  fromSeq,
  toSeq,
  head,
  more: false,
  changes: Array.from({ length: toSeq - fromSeq }, (_, i) => ({
    seq: fromSeq + i + 1,
    table: 'alerts',
    key: `a${fromSeq + i + 1}`,
    row: null,
  })),
});

describe('pushes that waited while the replica was busy', () => {
  it('are applied as one run when each starts where the last ended', () => {
    const [run, ...rest] = mergePushes([push(10, 12), push(12, 15), push(15, 16, 40)]);
    expect(rest).toHaveLength(0);
    expect(run).toMatchObject({ fromSeq: 10, toSeq: 16, head: 40 });
    expect(run!.changes.map((change) => change.seq)).toEqual([11, 12, 13, 14, 15, 16]);
  });

  it('keep a gap as a new run, so the console still catches up across it', () => {
    const runs = mergePushes([push(10, 12), push(14, 15)]);
    expect(runs.map((run) => [run.fromSeq, run.toSeq])).toEqual([
      [10, 12],
      [14, 15],
    ]);
  });

  it('take an overlapping push once, without its changes already in the run, and drop one already covered', () => {
    const runs = mergePushes([push(10, 13), push(11, 14), push(12, 13)]);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.changes.map((change) => change.seq)).toEqual([11, 12, 13, 14]);
  });
});
