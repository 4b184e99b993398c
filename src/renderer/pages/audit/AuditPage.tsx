import { useAuditPages, useEffectiveSettings } from '../../api/queries';
import { PageHeading } from '../../components/PageHeading';
import { Problem } from '../../components/Problem';
import { useViewStore } from '../../state/view-store';
import { auditQueryFromFilters } from './audit-query';
import { AuditFilterForm } from './AuditFilterForm';
import { AuditExportPanel } from './AuditExportPanel';
import { AuditTable } from './AuditTable';
import { VerifyChainPanel } from './VerifyChainPanel';
import './audit.css';

export function AuditPage() {
  const filters = useViewStore((state) => state.auditFilters);
  const { timeZone } = useEffectiveSettings();
  // Filters are checked before they are applied, so this holds unless the stored filters are from another time zone setting.
  const parsed = auditQueryFromFilters(filters, timeZone);
  const pages = useAuditPages(parsed.ok ? parsed.query : {}, parsed.ok);
  const entries = pages.data?.pages.flatMap((page) => page.entries) ?? [];

  return (
    <section aria-labelledby="audit-title" data-testid="page-audit">
      <PageHeading id="audit-title" title="Audit log">
        <VerifyChainPanel />
      </PageHeading>
      <AuditFilterForm />
      {!parsed.ok ? <Problem title={`Filters not applied: ${parsed.message}`} /> : null}
      {parsed.ok ? <AuditExportPanel from={parsed.query.from} to={parsed.query.to} timeZone={timeZone} /> : null}
      {pages.isError ? (
        <Problem title="Could not read the audit log" testId="audit-error">
          {pages.error.message}
        </Problem>
      ) : null}
      {pages.isPending && parsed.ok ? (
        <p className="loading" role="status">
          Reading the audit log…
        </p>
      ) : null}
      {pages.isSuccess && entries.length === 0 ? (
        <p className="empty" data-testid="audit-empty">
          No audit entries match these filters.
        </p>
      ) : null}
      {entries.length > 0 ? <AuditTable entries={entries} timeZone={timeZone} /> : null}
      <div className="load-more">
        {pages.hasNextPage ? (
          <button
            type="button"
            className="button"
            onClick={() => void pages.fetchNextPage()}
            disabled={pages.isFetchingNextPage}
            data-testid="audit-load-older"
          >
            {pages.isFetchingNextPage ? 'Loading older entries…' : 'Load older'}
          </button>
        ) : entries.length > 0 ? (
          <p className="muted" data-testid="audit-end">
            No older entries.
          </p>
        ) : null}
      </div>
    </section>
  );
}
