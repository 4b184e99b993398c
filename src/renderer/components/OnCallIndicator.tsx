import { useEffectiveSettings } from '../api/queries';
import { useOnCallNow } from '../api/routing-queries';
import { describeOnCall } from '../format/on-call';

/** "On call: Supervisors — Bob Stone until …, then Carla Diaz" in the header, for every schedule there is. */
export function OnCallIndicator() {
  const onCall = useOnCallNow();
  const { timeZone } = useEffectiveSettings();
  if (!onCall.data || onCall.data.length === 0) return null;
  const text = onCall.data.map((schedule) => `${schedule.scheduleName}: ${describeOnCall(schedule, timeZone)}`).join('; ');
  return (
    <span className="app-header__on-call" data-testid="header-on-call" title={text}>
      On call — {text}
    </span>
  );
}
