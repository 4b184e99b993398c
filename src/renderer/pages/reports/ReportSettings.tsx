import { useState, type FormEvent } from 'react';
import { Settings, type SettingsPatch } from '../../../shared/contract';
import { useChannels } from '../../api/alert-config-queries';
import { useEffectiveSettings, useSaveSettings } from '../../api/queries';
import { CommandButton } from '../../components/CommandButton';
import { Problem } from '../../components/Problem';
import { isTransportError } from '../../transport/transport';

/** The report settings an admin keeps: the default availability target and where the monthly review is mailed on the 1st. */
export function ReportSettings() {
  const settings = useEffectiveSettings();
  const channels = useChannels();
  const save = useSaveSettings();
  const [target, setTarget] = useState<string | null>(null);
  const [channelId, setChannelId] = useState<string | null | undefined>(undefined);
  const [problem, setProblem] = useState<string | null>(null);
  const emailChannels = (channels.data ?? []).filter((channel) => channel.config.kind === 'email');
  const shownTarget = target ?? String(settings.availabilityTargetPercent);
  const shownChannel = channelId === undefined ? settings.monthlyReviewChannelId : channelId;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const parsedTarget = Settings.shape.availabilityTargetPercent.safeParse(Number(shownTarget));
    if (shownTarget.trim() === '' || !parsedTarget.success) {
      setProblem('The target is a percentage from 50 to 100, such as 99.9');
      return;
    }
    const patch: Partial<SettingsPatch> = {};
    if (parsedTarget.data !== settings.availabilityTargetPercent) patch.availabilityTargetPercent = parsedTarget.data;
    if (shownChannel !== settings.monthlyReviewChannelId) patch.monthlyReviewChannelId = shownChannel;
    if (Object.keys(patch).length === 0) return;
    try {
      await save.mutateAsync(patch as SettingsPatch);
      setTarget(null);
      setChannelId(undefined);
    } catch (error) {
      setProblem(isTransportError(error) ? error.message : String(error));
    }
  };

  return (
    <form className="panel reports-settings no-print" onSubmit={(event) => void submit(event)} data-testid="report-settings">
      <h3 className="panel__title">Report settings</h3>
      <label className="reports-field">
        <span>Availability target (%)</span>
        <input
          className="input"
          inputMode="decimal"
          value={shownTarget}
          onChange={(event) => setTarget(event.target.value)}
          data-testid="report-settings-target"
        />
      </label>
      <label className="reports-field">
        <span>Send the monthly review on the 1st at 08:00 to</span>
        <select
          className="input"
          value={shownChannel ?? ''}
          onChange={(event) => setChannelId(event.target.value === '' ? null : event.target.value)}
          data-testid="report-settings-channel"
        >
          <option value="">Nobody (not sent)</option>
          {emailChannels.map((channel) => (
            <option key={channel.id} value={channel.id}>
              {channel.name}
              {channel.enabled ? '' : ' (disabled)'}
            </option>
          ))}
        </select>
      </label>
      <CommandButton method="settings.set" type="submit" className="button" disabled={save.isPending} data-testid="report-settings-save">
        Save
      </CommandButton>
      {problem !== null ? (
        <Problem title="Could not save the report settings" testId="report-settings-error">
          {problem}
        </Problem>
      ) : null}
    </form>
  );
}
