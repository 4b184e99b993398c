import { useState } from 'react';
import type { Site } from '../../../shared/contract';
import { useBoardSnapshot, useSites } from '../../api/monitoring-queries';
import { PageHeading } from '../../components/PageHeading';
import { Problem } from '../../components/Problem';
import { useViewStore } from '../../state/view-store';
import { ConfigTransfer } from './ConfigTransfer';
import { SiteForm } from './SiteForm';
import { SitesTable } from './SitesTable';
import { RetiredMonitors } from './RetiredMonitors';
import './sites.css';
import { CommandButton } from '../../components/CommandButton';

type Editing = { site: Site | null } | null;

export function SitesPage() {
  const sites = useSites();
  // Monitor counts per site come from the board's store.
  useBoardSnapshot();
  const openMonitorForm = useViewStore((state) => state.openMonitorForm);
  const [editing, setEditing] = useState<Editing>(null);
  return (
    <section aria-labelledby="sites-title" data-testid="page-sites">
      <PageHeading id="sites-title" title="Sites and monitors">
        <CommandButton
          method="monitors.create"
          type="button"
          className="button"
          onClick={() => openMonitorForm({ monitorId: null, siteId: null })}
          data-testid="add-monitor"
        >
          Add monitor
        </CommandButton>
        <CommandButton
          method="sites.create"
          type="button"
          className="button button--primary"
          onClick={() => setEditing({ site: null })}
          data-testid="add-site"
        >
          Add site
        </CommandButton>
      </PageHeading>
      {editing ? <SiteForm key={editing.site?.id ?? 'new'} site={editing.site} onDone={() => setEditing(null)} /> : null}
      {sites.isError ? <Problem title={`Could not read the sites: ${sites.error.message}`} /> : null}
      {sites.isPending ? (
        <p className="loading" role="status">
          Reading the sites…
        </p>
      ) : null}
      {sites.data && sites.data.length === 0 ? (
        <p className="empty" data-testid="sites-empty">
          No sites yet. Add one, then add its monitors — or import a configuration file below.
        </p>
      ) : null}
      {sites.data && sites.data.length > 0 ? <SitesTable sites={sites.data} onEdit={(site) => setEditing({ site })} /> : null}
      <RetiredMonitors />
      <ConfigTransfer />
    </section>
  );
}
