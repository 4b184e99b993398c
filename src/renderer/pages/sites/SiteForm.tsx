import { useState, type FormEvent } from 'react';
import type { Site } from '../../../shared/contract';
import { useMonitoringCommand } from '../../api/monitoring-queries';
import { fieldInputId, FormErrors, FormField } from '../../components/FormField';
import { isTransportError } from '../../transport/transport';
import { draftFromSite, placeSiteErrors, validateSiteDraft, type SiteDraft, type SiteField, type SiteFieldErrors } from './site-form-model';
import { listTextMaxLengthOf, maxLengthOf } from '../../format/field-limits';
import { SiteInput } from '../../../shared/contract';
import { FormFooter } from '../../forms/FormFooter';

/** Create a site (site = null) or edit one. */
export function SiteForm({ site, onDone }: { site: Site | null; onDone: () => void }) {
  const create = useMonitoringCommand('sites.create');
  const update = useMonitoringCommand('sites.update');
  const [draft, setDraft] = useState<SiteDraft>(() => draftFromSite(site));
  const [touched, setTouched] = useState<ReadonlySet<SiteField>>(new Set());
  const [showAll, setShowAll] = useState(false);
  const [serverErrors, setServerErrors] = useState<SiteFieldErrors>({});
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const validation = validateSiteDraft(draft);
  const clientErrors = validation.ok ? {} : validation.errors;
  const errorFor = (field: SiteField) => serverErrors[field] ?? (showAll || touched.has(field) ? clientErrors[field] : undefined);
  const pending = create.isPending || update.isPending;

  const edit = (field: SiteField, value: string) => {
    setDraft((previous) => ({ ...previous, [field]: value }));
    setTouched((previous) => new Set(previous).add(field));
    setServerErrors((previous) => ({ ...previous, [field]: undefined }));
    setFormErrors([]);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!validation.ok) {
      setShowAll(true);
      const first = Object.keys(validation.errors)[0];
      if (first) document.getElementById(fieldInputId(`site-${first}`))?.focus();
      return;
    }
    const onError = (error: Error) => {
      const placed = placeSiteErrors(isTransportError(error) ? error.fields : []);
      setServerErrors(placed.byField);
      setFormErrors(Object.keys(placed.byField).length === 0 && placed.other.length === 0 ? [error.message] : placed.other);
    };
    if (site === null) create.mutate(validation.input, { onSuccess: onDone, onError });
    else update.mutate({ id: site.id, site: validation.input }, { onSuccess: onDone, onError });
  };

  return (
    <form
      className="panel entity-form site-form"
      onSubmit={submit}
      noValidate
      aria-label={site === null ? 'New site' : `Edit ${site.name}`}
      data-testid="site-form"
    >
      <h3 className="panel__title">{site === null ? 'New site' : `Edit ${site.name}`}</h3>
      <FormErrors title="Not saved:" messages={formErrors} testId="site-form-errors" />
      <div className="form-grid">
        <FormField field="name" id={fieldInputId('site-name')} label="Name" error={errorFor('name')}>
          {(a) => (
            <input
              {...a}
              className="input"
              value={draft.name}
              onChange={(e) => edit('name', e.target.value)}
              autoComplete="off"
              autoFocus
              maxLength={maxLengthOf(SiteInput, 'name')}
              data-testid="site-form-name"
            />
          )}
        </FormField>
        <FormField
          field="address"
          id={fieldInputId('site-address')}
          label="Address"
          hint="Optional: where a patrol drives to."
          error={errorFor('address')}
        >
          {(a) => (
            <input
              {...a}
              className="input"
              value={draft.address}
              onChange={(e) => edit('address', e.target.value)}
              maxLength={maxLengthOf(SiteInput, 'address')}
              data-testid="site-form-address"
            />
          )}
        </FormField>
        <FormField field="tags" id={fieldInputId('site-tags')} label="Tags" hint="Comma-separated." error={errorFor('tags')}>
          {(a) => (
            <input
              {...a}
              className="input"
              value={draft.tags}
              onChange={(e) => edit('tags', e.target.value)}
              maxLength={listTextMaxLengthOf(SiteInput, 'tags')}
              data-testid="site-form-tags"
            />
          )}
        </FormField>
      </div>
      <FormFooter
        method={site === null ? 'sites.create' : 'sites.update'}
        saveLabel={site === null ? 'Add site' : 'Save changes'}
        pending={pending}
        saveTestId="site-form-save"
        onCancel={onDone}
        cancelTestId="site-form-cancel"
      />
    </form>
  );
}
