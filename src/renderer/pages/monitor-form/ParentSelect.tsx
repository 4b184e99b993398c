import { useMemo, useState } from 'react';
import { useBoardVersion, useMonitorStore } from '../../api/monitor-store-context';
import type { FieldAttributes } from '../../components/FormField';
import { FREE_TEXT_MAX } from '../../format/field-limits';

/** How many matches the list offers at once: enough to pick from, few enough to read. */
const MAX_OPTIONS = 200;

interface ParentSelectProps {
  attributes: FieldAttributes;
  value: string;
  /** The monitor being edited: it cannot be its own parent. */
  selfId: string | null;
  onChange(parentId: string): void;
}

/** A select of every monitor, with a search box in front: thousands of monitors do not fit one list. */
export function ParentSelect({ attributes, value, selfId, onChange }: ParentSelectProps) {
  const store = useMonitorStore();
  const version = useBoardVersion();
  const [search, setSearch] = useState('');
  const options = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const matches: { id: string; label: string }[] = [];
    let current: { id: string; label: string } | null = null;
    for (const id of store.orderedIds()) {
      const entry = store.getEntry(id);
      if (entry === undefined || id === selfId) continue;
      const label = `${entry.name} — ${store.getSite(entry.siteId)?.name ?? ''}`;
      // The chosen parent stays first, whatever the search, so the select never loses its value.
      if (id === value) current = { id, label };
      else if (needle === '' || label.toLowerCase().includes(needle)) matches.push({ id, label });
    }
    return current === null ? matches : [current, ...matches];
  }, [store, search, selfId, value, version]); // eslint-disable-line react-hooks/exhaustive-deps -- version says the store changed
  const shown = options.slice(0, MAX_OPTIONS);
  return (
    <span className="input-group">
      <input
        className="input input--search"
        type="search"
        aria-label="Find a parent monitor"
        placeholder="Find by name or site"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        maxLength={FREE_TEXT_MAX}
        data-testid="monitor-form-parent-search"
      />
      <select
        {...attributes}
        className="input input--grow"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        data-testid="monitor-form-parent"
      >
        <option value="">No parent</option>
        {shown.map((option) => (
          <option key={option.id} value={option.id}>
            {option.label}
          </option>
        ))}
      </select>
      {search.trim() !== '' ? (
        <span className="muted" role="status">
          {options.length > MAX_OPTIONS ? `${options.length} match; the first ${MAX_OPTIONS} are listed` : `${options.length} match`}
        </span>
      ) : null}
    </span>
  );
}
