import { useBackendState, useSettings } from '../../api/queries';
import { PageHeading } from '../../components/PageHeading';
import { Problem } from '../../components/Problem';
import { BackendSettings } from './BackendSettings';
import { WatcherSettingsForm } from './WatcherSettingsForm';
import { SettingsForm } from './SettingsForm';
import './settings.css';

export function SettingsPage() {
  const settings = useSettings();
  const onHub = useBackendState().data?.running.kind === 'hub';
  return (
    <section aria-labelledby="settings-title" data-testid="page-settings">
      <PageHeading id="settings-title" title="Settings">
        <span className="muted" data-testid="settings-scope">
          {onHub
            ? 'Stored on this workstation, for this console only: the hub keeps its own settings.'
            : 'Stored in core: every console connected to it shows the same.'}
        </span>
      </PageHeading>
      {settings.isError ? (
        <Problem title="Could not read the settings" testId="settings-error">
          {settings.error.message}
        </Problem>
      ) : null}
      {settings.isPending ? (
        <p className="loading" role="status">
          Reading the settings…
        </p>
      ) : null}
      {settings.data ? <SettingsForm current={settings.data} /> : null}
      <BackendSettings />
      <WatcherSettingsForm />
    </section>
  );
}
