import type { ReactNode } from 'react';

export function PageHeading({ id, title, children }: { id: string; title: string; children?: ReactNode }) {
  return (
    <div className="page-heading">
      <h2 className="page-heading__title" id={id}>
        {title}
      </h2>
      {children ? <div className="page-heading__aside">{children}</div> : null}
    </div>
  );
}
