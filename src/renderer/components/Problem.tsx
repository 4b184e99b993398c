import type { ReactNode } from 'react';

/** A plainly worded problem: what happened and what to do. */
export function Problem({ title, children, testId }: { title: string; children?: ReactNode; testId?: string }) {
  return (
    <div className="problem" role="alert" data-testid={testId}>
      <strong className="problem__title">
        <span aria-hidden="true">⚠ </span>
        {title}
      </strong>
      {children ? <div className="problem__detail">{children}</div> : null}
    </div>
  );
}
