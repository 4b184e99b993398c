import { useState } from 'react';
import { useBoardSnapshot, useMonitorDetail, useSites } from '../../api/monitoring-queries';
import { PageHeading } from '../../components/PageHeading';
import { Problem } from '../../components/Problem';
import { useViewStore } from '../../state/view-store';
import { draftFromMonitor, emptyDraft } from './monitor-form-model';
import { MonitorForm } from './MonitorForm';

function EditMonitor({ monitorId }: { monitorId: string }) {
  const detail = useMonitorDetail(monitorId);
  const sites = useSites();
  // Counts "Take theirs": each starts the form again from the version read then.
  const [restarts, setRestarts] = useState(0);
  if (detail.isError || sites.isError) {
    return <Problem title="Could not read this monitor">{(detail.error ?? sites.error)?.message}</Problem>;
  }
  if (!detail.data || !sites.data) {
    return (
      <p className="loading" role="status">
        Reading the monitor…
      </p>
    );
  }
  // A save elsewhere does not restart the form under the person typing: their edit stays based on the
  // version they opened, and saving it shows both versions if that one is no longer current.
  const takeTheirs = () => void detail.refetch().then(() => setRestarts((count) => count + 1));
  return (
    <MonitorForm
      key={restarts}
      initial={draftFromMonitor(detail.data.monitor)}
      editing={{ id: monitorId, version: detail.data.monitor.version, takeTheirs }}
      sites={sites.data}
    />
  );
}

function NoSitesYet() {
  const showPage = useViewStore((state) => state.showPage);
  return (
    <p className="empty" data-testid="monitor-form-no-sites">
      A monitor belongs to a site, and there is none yet.{' '}
      <button type="button" className="button button--small" onClick={() => showPage('sites')}>
        Add a site first
      </button>
    </p>
  );
}

function NewMonitor({ siteId }: { siteId: string | null }) {
  const sites = useSites();
  if (sites.isError) return <Problem title="Could not read the sites">{sites.error.message}</Problem>;
  if (!sites.data) {
    return (
      <p className="loading" role="status">
        Reading the sites…
      </p>
    );
  }
  if (sites.data.length === 0) return <NoSitesYet />;
  const onlySite = sites.data.length === 1 ? (sites.data[0]?.id ?? '') : '';
  return <MonitorForm initial={emptyDraft(siteId ?? onlySite)} editing={null} sites={sites.data} />;
}

export function MonitorFormPage() {
  const { monitorId, siteId } = useViewStore((state) => state.monitorForm);
  // The parent select lists every monitor from the board's store.
  useBoardSnapshot();
  return (
    <section aria-labelledby="monitor-form-title" data-testid="page-monitor-form">
      <PageHeading id="monitor-form-title" title={monitorId === null ? 'New monitor' : 'Edit monitor'} />
      {monitorId === null ? <NewMonitor siteId={siteId} /> : <EditMonitor monitorId={monitorId} />}
    </section>
  );
}
