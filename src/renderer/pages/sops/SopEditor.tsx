import { useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import type { SopTemplate, SopTemplateSpec, VersionConflict as Versions } from '../../../shared/contract';
import { VersionConflict } from '../../components/VersionConflict';
import { useSopCommand } from '../../api/incident-queries';
import { FieldErrorMessage, FormErrors, FormField } from '../../components/FormField';
import { isTransportError } from '../../transport/transport';
import { errorsAsFieldList } from '../../forms/form-model';
import {
  draftOf,
  editStep,
  moveStep,
  newStep,
  newTemplateDraft,
  NO_SOP_ERRORS,
  placeSopErrors,
  validateSopDraft,
  type PlacedSopErrors,
  type SopDraft,
  type StepDraft,
  type StepField,
  type TemplateField,
} from './sop-draft';
import { StepEditor } from './StepEditor';
import { FormFooter } from '../../forms/FormFooter';

/** Where focus goes once the steps have re-rendered: moving a step moves its element, which loses focus. */
interface PendingFocus {
  stepKey: string;
  /** Focused before the change; kept if it is still there and usable. */
  element: Element | null;
  /** Otherwise this element of the step (the new step's title), or else the step itself. */
  inside?: string;
}

function withoutStepError(errors: PlacedSopErrors, stepKey: string, field: StepField): PlacedSopErrors {
  const { [field]: _cleared, ...rest } = errors.steps[stepKey] ?? {};
  return { ...errors, steps: { ...errors.steps, [stepKey]: rest }, unplaced: [] };
}

interface SopEditorProps {
  /** The latest version, or null for a new template. */
  template: SopTemplate | null;
  /** Slugs in use: a new template may not take one. */
  takenSlugs: ReadonlySet<string>;
  onSaved: (template: SopTemplate) => void;
  /** "Take theirs" after a conflict: start again from the template with this slug as it is now. */
  onTakeTheirs: (slug: string) => void;
}

/**
 * Edit a template: its name, description and steps (edited, added, removed, reordered). Saving
 * makes a new version; a refusal from core lands beside its field and the form keeps everything.
 */
export function SopEditor({ template, takenSlugs, onSaved, onTakeTheirs }: SopEditorProps) {
  const save = useSopCommand('sops.save');
  const [draft, setDraft] = useState<SopDraft>(() => (template === null ? newTemplateDraft() : draftOf(template)));
  // Errors of the form's own check show from the first Save on; core's stay until their field is edited.
  const [checked, setChecked] = useState(false);
  const [coreErrors, setCoreErrors] = useState<PlacedSopErrors>(NO_SOP_ERRORS);
  const stepElements = useRef(new Map<string, HTMLLIElement>());
  const pendingFocus = useRef<PendingFocus | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const focusFirstError = useRef(false);
  // The version this edit is based on: the one the editor opened (a newer one read meanwhile does not move it), until "Keep mine".
  const [basedOnVersion, setBasedOnVersion] = useState(template?.version ?? null);
  const [staleSave, setStaleSave] = useState<{ input: SopTemplateSpec; versions: Versions; message: string } | null>(null);

  const isNew = template === null;
  const validation = validateSopDraft(draft, isNew ? takenSlugs : null);
  const ownErrors = checked && !validation.ok ? placeSopErrors(errorsAsFieldList(validation.errors), draft) : NO_SOP_ERRORS;
  const templateError = (field: TemplateField) => coreErrors.template[field] ?? ownErrors.template[field];
  const stepErrors = (key: string) => ({ ...ownErrors.steps[key], ...coreErrors.steps[key] });
  const unplaced = coreErrors.unplaced.length > 0 ? coreErrors.unplaced : ownErrors.unplaced;

  useLayoutEffect(() => {
    const pending = pendingFocus.current;
    pendingFocus.current = null;
    if (pending !== null) {
      const { element } = pending;
      const usable =
        element instanceof HTMLElement &&
        element.isConnected &&
        element !== document.body &&
        !(element instanceof HTMLButtonElement && element.disabled);
      const step = stepElements.current.get(pending.stepKey);
      const fallback = pending.inside === undefined ? step : (step?.querySelector<HTMLElement>(pending.inside) ?? step);
      (usable ? element : fallback)?.focus();
    }
    if (focusFirstError.current) {
      focusFirstError.current = false;
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    }
  });

  const editTemplate = (patch: Partial<Omit<SopDraft, 'steps'>>, field: TemplateField) => {
    setDraft((previous) => ({ ...previous, ...patch }));
    setCoreErrors(({ template: { [field]: _cleared, ...rest }, steps }) => ({ template: rest, steps, unplaced: [] }));
  };
  const setSteps = (change: (steps: readonly StepDraft[]) => readonly StepDraft[], focus: PendingFocus | null) => {
    pendingFocus.current = focus;
    setDraft((previous) => ({ ...previous, steps: change(previous.steps) }));
  };
  const editStepField = (key: string, patch: Partial<Omit<StepDraft, 'key'>>, field: StepField) => {
    setSteps((steps) => editStep(steps, key, patch), null);
    setCoreErrors((previous) => withoutStepError(previous, key, field));
  };
  const move = (key: string, delta: -1 | 1) =>
    setSteps((steps) => moveStep(steps, key, delta), { stepKey: key, element: document.activeElement });
  const add = () => {
    const step = newStep(draft.steps);
    setSteps((steps) => [...steps, step], { stepKey: step.key, element: null, inside: '[data-testid="sop-step-title"]' });
  };
  const remove = (key: string) => {
    const index = draft.steps.findIndex((step) => step.key === key);
    const neighbour = draft.steps[index + 1] ?? draft.steps[index - 1];
    setSteps(
      (steps) => steps.filter((step) => step.key !== key),
      neighbour === undefined ? null : { stepKey: neighbour.key, element: null },
    );
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!validation.ok) {
      setChecked(true);
      focusFirstError.current = true;
      return;
    }
    send(validation.input, basedOnVersion);
  };

  const send = (input: SopTemplateSpec, base: number | null) => {
    // Core's paths name steps by their place when sent: placed on the draft as it was then.
    const sent = draft;
    setStaleSave(null);
    save.mutate(
      { ...input, basedOnVersion: base },
      {
        onSuccess: onSaved,
        onError: (error) => {
          if (isTransportError(error) && error.versions !== null) {
            setStaleSave({ input, versions: error.versions, message: error.message });
            return;
          }
          const fields = isTransportError(error) ? error.fields : [];
          setCoreErrors(fields.length === 0 ? { ...NO_SOP_ERRORS, unplaced: [error.message] } : placeSopErrors(fields, sent));
          focusFirstError.current = true;
        },
      },
    );
  };

  /** "Keep mine": the refused template again, as the version after the one it was compared with. */
  const keepMine = (stale: NonNullable<typeof staleSave>) => {
    setBasedOnVersion(stale.versions.current.version);
    send(stale.input, stale.versions.current.version);
  };

  const nextVersion = (template?.version ?? 0) + 1;
  const title = isNew ? 'New template' : `Edit ${template.name}`;
  const stepsError = templateError('steps');
  return (
    <form ref={formRef} className="panel entity-form sop-editor" onSubmit={submit} noValidate aria-label={title} data-testid="sop-editor">
      <div className="panel__head">
        <h3 className="panel__title">{title}</h3>
        {isNew ? null : (
          <span className="muted" data-testid="sop-editor-version">
            version {template.version}, {template.source === 'file' ? 'from a file' : `saved by ${template.createdBy}`}
          </span>
        )}
      </div>
      {staleSave ? (
        <VersionConflict
          versions={staleSave.versions}
          message={staleSave.message}
          onKeepMine={() => keepMine(staleSave)}
          onTakeTheirs={() => onTakeTheirs(staleSave.input.slug)}
          pending={save.isPending}
        />
      ) : null}
      <FormErrors title="Not saved:" messages={unplaced} testId="sop-form-errors" />
      <fieldset className="form-section">
        <legend className="form-section__title">Template</legend>
        <FormField
          field="slug"
          id="sop-slug"
          label="Slug"
          hint={isNew ? 'Its name for files and links, for example intrusion-alarm; it never changes.' : 'It never changes.'}
          error={templateError('slug')}
        >
          {(a) => (
            <input
              {...a}
              className="input mono"
              value={draft.slug}
              readOnly={!isNew}
              maxLength={64}
              onChange={(e) => editTemplate({ slug: e.target.value }, 'slug')}
              autoComplete="off"
              spellCheck={false}
              data-testid="sop-slug"
            />
          )}
        </FormField>
        <FormField field="name" id="sop-name" label="Name" error={templateError('name')}>
          {(a) => (
            <input
              {...a}
              className="input"
              value={draft.name}
              maxLength={120}
              onChange={(e) => editTemplate({ name: e.target.value }, 'name')}
              autoComplete="off"
              data-testid="sop-name"
            />
          )}
        </FormField>
        <FormField
          field="description"
          id="sop-description"
          label="Description"
          hint="When to use it."
          error={templateError('description')}
          className="form-row--wide"
        >
          {(a) => (
            <textarea
              {...a}
              className="input"
              rows={2}
              value={draft.description}
              maxLength={2000}
              onChange={(e) => editTemplate({ description: e.target.value }, 'description')}
              data-testid="sop-description"
            />
          )}
        </FormField>
      </fieldset>

      <section className="sop-editor__steps" aria-labelledby="sop-steps-title">
        <h4 className="sop-editor__steps-title" id="sop-steps-title">
          Steps <span className="muted">in the order they are worked; Alt+↑/Alt+↓ moves the focused step</span>
        </h4>
        {stepsError ? <FieldErrorMessage field="steps" message={stepsError} /> : null}
        <ol className="sop-form-steps" data-testid="sop-steps">
          {draft.steps.map((step, index) => (
            <StepEditor
              key={step.key}
              step={step}
              index={index}
              count={draft.steps.length}
              laterSteps={draft.steps.slice(index + 1)}
              errors={stepErrors(step.key)}
              onEdit={(patch, field) => editStepField(step.key, patch, field)}
              onMove={(delta) => move(step.key, delta)}
              onRemove={() => remove(step.key)}
              elementRef={(element) => {
                if (element) stepElements.current.set(step.key, element);
                else stepElements.current.delete(step.key);
              }}
            />
          ))}
        </ol>
        <button type="button" className="button" onClick={add} data-testid="sop-step-add">
          Add step
        </button>
      </section>

      <FormFooter method="sops.save" saveLabel={`Save as version ${nextVersion}`} pending={save.isPending} saveTestId="sop-save" />
    </form>
  );
}
