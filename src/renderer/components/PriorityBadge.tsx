import type { Priority } from '../../shared/contract';

const PRIORITY_MEANING: Record<Priority, string> = {
  P0: 'P0 · critical',
  P1: 'P1 · high',
  P2: 'P2 · normal',
};

/** An incident's priority, the same wherever it shows: the word first, the colour repeats it, P0 filled. */
export function PriorityBadge({ priority, testId, compact = false }: { priority: Priority; testId: string; compact?: boolean }) {
  return (
    <span
      className={`badge badge--priority badge--${priority.toLowerCase()}${compact ? ' badge--compact' : ''}`}
      data-testid={testId}
      title={PRIORITY_MEANING[priority]}
    >
      {priority}
    </span>
  );
}
