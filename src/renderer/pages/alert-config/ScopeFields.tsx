import { useMemo, useState } from 'react';
import type { Scope } from '../../../shared/contract';
import { useBoardVersion, useMonitorStore } from '../../api/monitor-store-context';
import { useSites } from '../../api/monitoring-queries';
import { FormField, type FieldAttributes } from '../../components/FormField';
import { describeScope, SCOPE_KIND_LABEL, type ScopeDraft, type ScopeKind } from './scope';
import type { DraftFields } from '../../forms/use-draft-form';
import { FREE_TEXT_MAX, maxLengthOf } from '../../format/field-limits';
import { RuleInput } from '../../../shared/contract';

/** How many matches the monitor list offers at once: enough to pick from, few enough to read. */
const MAX_MONITOR_OPTIONS = 200;

/** Describes scopes with the names of sites (sites.list) and monitors (the board's store). */
export function useDescribeScope(): (scope: Scope) => string {
  const sites = useSites();
  const store = useMonitorStore();
  // Read so that names appear once the board snapshot has loaded.
  useBoardVersion();
  return (scope) =>
    describeScope(scope, {
      siteName: (id) => sites.data?.find((site) => site.id === id)?.name,
      monitorName: (id) => store.getEntry(id)?.name,
    });
}

interface MonitorPickerProps {
  attributes: FieldAttributes;
  value: string;
  testIdPrefix: string;
  onChange(monitorId: string): void;
}

/** A select of every monitor with a search box in front: thousands of monitors do not fit one list. */
function MonitorPicker({ attributes, value, testIdPrefix, onChange }: MonitorPickerProps) {
  const store = useMonitorStore();
  const version = useBoardVersion();
  const [search, setSearch] = useState('');
  const options = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const matches: { id: string; label: string }[] = [];
    let current: { id: string; label: string } | null = null;
    for (const id of store.orderedIds()) {
      const entry = store.getEntry(id);
      if (entry === undefined) continue;
      const label = `${entry.name} — ${store.getSite(entry.siteId)?.name ?? ''}`;
      // The chosen monitor stays first, whatever the search, so the select never loses its value.
      if (id === value) current = { id, label };
      else if (needle === '' || label.toLowerCase().includes(needle)) matches.push({ id, label });
    }
    return current === null ? matches : [current, ...matches];
  }, [store, search, value, version]); // eslint-disable-line react-hooks/exhaustive-deps -- version says the store changed
  return (
    <span className="input-group">
      <input
        className="input input--search"
        type="search"
        aria-label="Find a monitor"
        placeholder="Find by name or site"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        maxLength={FREE_TEXT_MAX}
        data-testid={`${testIdPrefix}-monitor-search`}
      />
      <select
        {...attributes}
        className="input input--grow"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        data-testid={`${testIdPrefix}-monitor`}
      >
        <option value="">Pick a monitor…</option>
        {options.slice(0, MAX_MONITOR_OPTIONS).map((option) => (
          <option key={option.id} value={option.id}>
            {option.label}
          </option>
        ))}
      </select>
    </span>
  );
}

interface ScopeFieldsProps {
  form: DraftFields<{ scope: ScopeDraft }>;
  kinds: readonly ScopeKind[];
  /** "rule-form" gives rule-form-scope, rule-form-site, rule-form-monitor, rule-form-tag. */
  testIdPrefix: string;
  hint: string;
}

/** What a rule or silence applies to: the kind, then the one site, monitor or tag it names. */
export function ScopeFields({ form, kinds, testIdPrefix, hint }: ScopeFieldsProps) {
  const sites = useSites();
  const store = useMonitorStore();
  const { scope } = form.draft;
  const editScope = (patch: Partial<ScopeDraft>, field: string) => form.edit({ scope: { ...scope, ...patch } }, field);
  return (
    <>
      <FormField {...form.fieldProps('scope')} label="Applies to" hint={hint}>
        {(a) => (
          <select
            {...a}
            className="input"
            value={scope.kind}
            onChange={(e) => editScope({ kind: e.target.value as ScopeKind }, 'scope')}
            data-testid={`${testIdPrefix}-scope`}
          >
            {kinds.map((kind) => (
              <option key={kind} value={kind}>
                {SCOPE_KIND_LABEL[kind]}
              </option>
            ))}
          </select>
        )}
      </FormField>
      {scope.kind === 'site' ? (
        <FormField {...form.fieldProps('scope.siteId')} label="Site">
          {(a) => (
            <select
              {...a}
              className="input"
              value={scope.siteId}
              onChange={(e) => editScope({ siteId: e.target.value }, 'scope.siteId')}
              data-testid={`${testIdPrefix}-site`}
            >
              <option value="">{sites.isPending ? 'Reading the sites…' : 'Pick a site…'}</option>
              {(sites.data ?? []).map((site) => (
                <option key={site.id} value={site.id}>
                  {site.name}
                </option>
              ))}
            </select>
          )}
        </FormField>
      ) : null}
      {scope.kind === 'monitor' ? (
        <FormField {...form.fieldProps('scope.monitorId')} label="Monitor" className="form-row--wide">
          {(a) => (
            <MonitorPicker
              attributes={a}
              value={scope.monitorId}
              testIdPrefix={testIdPrefix}
              onChange={(monitorId) => editScope({ monitorId }, 'scope.monitorId')}
            />
          )}
        </FormField>
      ) : null}
      {scope.kind === 'tag' ? (
        <FormField {...form.fieldProps('scope.tag')} label="Tag">
          {(a) => (
            <>
              <input
                {...a}
                className="input"
                list={`${testIdPrefix}-known-tags`}
                value={scope.tag}
                onChange={(e) => editScope({ tag: e.target.value }, 'scope.tag')}
                autoComplete="off"
                maxLength={maxLengthOf(RuleInput, 'scope.tag')}
                data-testid={`${testIdPrefix}-tag`}
              />
              <datalist id={`${testIdPrefix}-known-tags`}>
                {store.tags().map((tag) => (
                  <option key={tag} value={tag} />
                ))}
              </datalist>
            </>
          )}
        </FormField>
      ) : null}
    </>
  );
}
