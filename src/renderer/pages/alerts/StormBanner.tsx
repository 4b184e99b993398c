import { useAlertStore, useAlertVersion } from '../../api/alert-store-context';

/** Storm control holds a rule's extra alerts back as one: say which rule, and how many it holds. */
export function StormBanner() {
  const store = useAlertStore();
  useAlertVersion();
  const storms = store.storms();
  if (storms.length === 0) return null;
  return (
    <section className="storm-banner" role="alert" data-testid="storm-banner">
      {storms.map((storm) => (
        <p key={storm.ruleId} className="storm-banner__line" data-rule-id={storm.ruleId}>
          <span aria-hidden="true">⚡ </span>
          <strong>Alert storm:</strong> rule {storm.ruleName} is holding {storm.held.toLocaleString('en')} more alert
          {storm.held === 1 ? '' : 's'}
        </p>
      ))}
    </section>
  );
}
