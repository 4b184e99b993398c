export function MetricTile({ label, value, detail, testId }: { label: string; value: string; detail?: string; testId: string }) {
  return (
    <div className="metric">
      <dt className="metric__label">{label}</dt>
      <dd className="metric__value" data-testid={testId}>
        {value}
      </dd>
      {detail ? <dd className="metric__detail">{detail}</dd> : null}
    </div>
  );
}
