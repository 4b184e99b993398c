import type { FeedChanges } from '../../shared/contract';

/**
 * Pushes that queued up while the replica was busy, joined where each starts at or before the seq
 * the one before it ends (the hub sends a console its changes back to back): a console behind
 * after an alert storm applies what waited in one transaction instead of one per push. A gap
 * starts a new run, so it is still seen and caught up from the feed.
 */
export function mergePushes(pushes: readonly FeedChanges[]): FeedChanges[] {
  const runs: FeedChanges[] = [];
  for (const push of pushes) {
    const last = runs.at(-1);
    if (last && push.fromSeq <= last.toSeq && push.toSeq > last.toSeq) {
      runs[runs.length - 1] = {
        ...last,
        toSeq: push.toSeq,
        changes: [...last.changes, ...push.changes.filter((change) => change.seq > last.toSeq)],
        head: Math.max(last.head, push.head),
        more: push.more,
      };
    } else if (!last || push.toSeq > last.toSeq) runs.push(push);
  }
  return runs;
}
