import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { SopSummary, SopTemplate } from '../../../shared/contract';
import { incidentKeys, useSop, useSops } from '../../api/incident-queries';
import { useEffectiveSettings } from '../../api/queries';
import { PageHeading } from '../../components/PageHeading';
import { Problem } from '../../components/Problem';
import { formatDate, formatTimestamp } from '../../format/time';
import { SopEditor } from './SopEditor';
import { SopImportButton, SopImportProblem, useSopImport } from './SopImport';
import './sops.css';
import { CommandButton } from '../../components/CommandButton';

/** The template the editor shows; `slug` null for a new one. `epoch` starts the editor afresh (after a save or an import). */
interface Selection {
  slug: string | null;
  epoch: number;
}

function TemplateList({
  sops,
  selected,
  onSelect,
}: {
  sops: readonly SopSummary[];
  selected: string | null;
  onSelect: (slug: string) => void;
}) {
  const { timeZone } = useEffectiveSettings();
  return (
    <div className="table-wrap">
      <table className="table sop-table" aria-label="SOP templates" data-testid="sop-list">
        <thead>
          <tr>
            <th scope="col">Template</th>
            <th scope="col">Version</th>
            <th scope="col">Steps</th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          {sops.map((sop) => (
            <tr
              key={sop.slug}
              className={sop.slug === selected ? 'sop-row sop-row--selected' : 'sop-row'}
              data-testid="sop-row"
              data-slug={sop.slug}
            >
              <th scope="row">
                <button
                  type="button"
                  className="sop-row__open"
                  aria-pressed={sop.slug === selected}
                  onClick={() => onSelect(sop.slug)}
                  data-testid="sop-open"
                >
                  {sop.name}
                </button>
                <span className="sop-row__slug mono muted">{sop.slug}</span>
              </th>
              <td>v{sop.version}</td>
              <td>{sop.steps}</td>
              <td className="nowrap" title={formatTimestamp(sop.updatedAt, timeZone)}>
                {formatDate(sop.updatedAt, timeZone)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The latest version of one template, in the editor once it is read. */
function SavedTemplateEditor({
  slug,
  takenSlugs,
  onSaved,
  onTakeTheirs,
}: {
  slug: string;
  takenSlugs: ReadonlySet<string>;
  onSaved: (template: SopTemplate) => void;
  onTakeTheirs: (slug: string) => void;
}) {
  const sop = useSop(slug);
  if (sop.isError) return <Problem title={`Could not read the template ${slug}`}>{sop.error.message}</Problem>;
  if (sop.data === undefined) {
    return (
      <p className="loading" role="status">
        Reading the template…
      </p>
    );
  }
  return <SopEditor template={sop.data} takenSlugs={takenSlugs} onSaved={onSaved} onTakeTheirs={onTakeTheirs} />;
}

/** SOP templates: the list, an editor for the one picked, a new one, or one imported from YAML. Every save is a new version. */
export function SopsPage() {
  const sops = useSops();
  const queryClient = useQueryClient();
  const [selection, setSelection] = useState<Selection | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const takenSlugs = useMemo(() => new Set((sops.data ?? []).map((sop) => sop.slug)), [sops.data]);

  const select = (slug: string | null) => {
    setSelection((previous) => ({ slug, epoch: (previous?.epoch ?? 0) + 1 }));
    setNotice(null);
  };
  /** A version core just made: the editor starts from it at once rather than from a stale read. */
  const showNewVersion = (template: SopTemplate, message: string) => {
    queryClient.setQueryData(incidentKeys.sop(template.slug), template);
    select(template.slug);
    setNotice(message);
  };
  const onSaved = (template: SopTemplate) => showNewVersion(template, `Saved ${template.name} as version ${template.version}.`);
  /** "Take theirs" after a conflict: the editor starts again from the template as it is now, read afresh. */
  const takeTheirs = (slug: string) => {
    queryClient.removeQueries({ queryKey: incidentKeys.sop(slug) });
    select(slug);
  };
  const importState = useSopImport((template, fileName) =>
    showNewVersion(template, `Imported ${template.name} from ${fileName} as version ${template.version}.`),
  );

  return (
    <section className="sops-page" aria-labelledby="sops-title" data-testid="sops-page">
      <PageHeading id="sops-title" title="SOP templates">
        <CommandButton
          method="sops.save"
          type="button"
          className="button button--primary"
          onClick={() => select(null)}
          data-testid="sop-new"
        >
          New template
        </CommandButton>
        <SopImportButton state={importState} />
      </PageHeading>
      <SopImportProblem state={importState} />
      {notice !== null ? (
        <p className="saved" role="status" data-testid="sop-notice">
          <span aria-hidden="true">✓ </span>
          {notice}
        </p>
      ) : null}
      {sops.isError ? <Problem title="Could not read the SOP templates">{sops.error.message}</Problem> : null}
      <div className="sops-page__body">
        <div className="sops-page__list">
          {sops.isPending ? (
            <p className="loading" role="status">
              Reading the templates…
            </p>
          ) : null}
          {sops.data?.length === 0 ? <p className="empty">No templates yet: start a new one or import a YAML file.</p> : null}
          {sops.data !== undefined && sops.data.length > 0 ? (
            <TemplateList sops={sops.data} selected={selection?.slug ?? null} onSelect={select} />
          ) : null}
        </div>
        <div className="sops-page__editor">
          {selection === null ? <p className="empty">Pick a template to edit it, or start a new one.</p> : null}
          {selection !== null && selection.slug === null ? (
            <SopEditor key={`new:${selection.epoch}`} template={null} takenSlugs={takenSlugs} onSaved={onSaved} onTakeTheirs={takeTheirs} />
          ) : null}
          {selection?.slug ? (
            <SavedTemplateEditor
              key={`${selection.slug}:${selection.epoch}`}
              slug={selection.slug}
              takenSlugs={takenSlugs}
              onSaved={onSaved}
              onTakeTheirs={takeTheirs}
            />
          ) : null}
        </div>
      </div>
    </section>
  );
}
