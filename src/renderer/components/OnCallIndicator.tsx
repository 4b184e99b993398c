import { useEffectiveSettings } from '../api/queries';
import { useOnCallNow, useOnShiftNow } from '../api/routing-queries';
import { describeOnCall, describeOnShift } from '../format/on-call';

/**
 * "On shift: Anna Berg (since 07:00 handover)" and "On call — Supervisors: Bob Stone until …, then
 * Carla Diaz" in the header: who escalation reaches first, and every schedule there is.
 */
export function OnCallIndicator() {
  const onCall = useOnCallNow();
  const onShift = useOnShiftNow();
  const { timeZone } = useEffectiveSettings();
  const onShiftText = onShift.data ? `On shift: ${describeOnShift(onShift.data, timeZone)}` : null;
  const onCallText =
    onCall.data && onCall.data.length > 0
      ? onCall.data.map((schedule) => `${schedule.scheduleName}: ${describeOnCall(schedule, timeZone)}`).join('; ')
      : null;
  return (
    <>
      {onShiftText !== null ? (
        <span className="app-header__on-call" data-testid="header-on-shift" title={onShiftText}>
          {onShiftText}
        </span>
      ) : null}
      {onCallText !== null ? (
        <span className="app-header__on-call" data-testid="header-on-call" title={onCallText}>
          On call — {onCallText}
        </span>
      ) : null}
    </>
  );
}
