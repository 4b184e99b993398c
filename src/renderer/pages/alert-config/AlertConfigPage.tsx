import { useRef, useState, type KeyboardEvent } from 'react';
import { useBoardSnapshot } from '../../api/monitoring-queries';
import { PageHeading } from '../../components/PageHeading';
import './alert-config.css';
import { ChannelsSection } from './ChannelsSection';
import { EscalationSection } from './EscalationSection';
import { RoutingSection } from './RoutingSection';
import { RulesSection } from './RulesSection';
import { SilencesSection } from './SilencesSection';

const TABS = [
  { id: 'rules', label: 'Rules', Section: RulesSection },
  { id: 'escalation', label: 'Escalation', Section: EscalationSection },
  { id: 'routing', label: 'Routing & on call', Section: RoutingSection },
  { id: 'silences', label: 'Silences & maintenance', Section: SilencesSection },
  { id: 'channels', label: 'Channels', Section: ChannelsSection },
] as const;

type TabId = (typeof TABS)[number]['id'];

/** Where the arrow keys, Home and End move among the tabs (the WAI-ARIA tabs pattern). */
function tabAfterKey(key: string, index: number): number | null {
  switch (key) {
    case 'ArrowRight':
      return (index + 1) % TABS.length;
    case 'ArrowLeft':
      return (index - 1 + TABS.length) % TABS.length;
    case 'Home':
      return 0;
    case 'End':
      return TABS.length - 1;
    default:
      return null;
  }
}

/** Rules, escalation, routing and on call, silences and channels: how alerts are raised, muted and delivered, and to whom. */
export function AlertConfigPage() {
  // Scopes name monitors, and the monitor picker lists them, from the board's store.
  useBoardSnapshot();
  const [current, setCurrent] = useState<TabId>('rules');
  const tabRefs = useRef(new Map<TabId, HTMLButtonElement>());

  const onTabKey = (event: KeyboardEvent, index: number) => {
    const next = tabAfterKey(event.key, index);
    const tab = next === null ? undefined : TABS[next];
    if (tab === undefined) return;
    event.preventDefault();
    setCurrent(tab.id);
    tabRefs.current.get(tab.id)?.focus();
  };

  return (
    <section aria-labelledby="alert-config-title" className="alert-config" data-testid="alert-config-page">
      <PageHeading id="alert-config-title" title="Rules & silences" />
      <div role="tablist" aria-label="Alert configuration" className="tabs">
        {TABS.map((tab, index) => (
          <button
            key={tab.id}
            ref={(element) => {
              if (element) tabRefs.current.set(tab.id, element);
              else tabRefs.current.delete(tab.id);
            }}
            type="button"
            role="tab"
            id={`alert-config-tab-${tab.id}`}
            aria-selected={tab.id === current}
            aria-controls={`alert-config-panel-${tab.id}`}
            // One tab stop for the whole list; the arrows move within it.
            tabIndex={tab.id === current ? 0 : -1}
            className="tab"
            onClick={() => setCurrent(tab.id)}
            onKeyDown={(event) => onTabKey(event, index)}
            data-testid={`alert-config-tab-${tab.id}`}
          >
            {tab.label}
          </button>
        ))}
      </div>
      {/* Every panel stays mounted, so a half-filled form survives a look at another tab. */}
      {TABS.map(({ id, Section }) => (
        <div
          key={id}
          role="tabpanel"
          id={`alert-config-panel-${id}`}
          aria-labelledby={`alert-config-tab-${id}`}
          hidden={id !== current}
          className="alert-config__panel"
          data-testid={`alert-config-panel-${id}`}
        >
          <Section />
        </div>
      ))}
    </section>
  );
}
