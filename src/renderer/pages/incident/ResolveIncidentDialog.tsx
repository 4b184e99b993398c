import { useId, useRef, useState } from 'react';
import type { SopStep } from '../../../shared/contract';
import { FieldErrorMessage } from '../../components/FormField';
import { KeyboardDialog } from '../../components/KeyboardDialog';

interface ResolveIncidentDialogProps {
  /** Required steps still open on the path: resolving anyway needs an override reason, which is audited. */
  openRequired: readonly SopStep[];
  pending: boolean;
  error: string | null;
  onSubmit: (resolution: { resolution: string; override?: string }) => void;
  onCancel: () => void;
}

/** Resolve with how it was resolved; with required steps open, only with a reason to override them. */
export function ResolveIncidentDialog({ openRequired, pending, error, onSubmit, onCancel }: ResolveIncidentDialogProps) {
  const [resolution, setResolution] = useState('');
  const [override, setOverride] = useState('');
  const resolutionRef = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  const needsOverride = openRequired.length > 0;
  const complete = resolution.trim() !== '' && (!needsOverride || override.trim() !== '');
  return (
    <KeyboardDialog
      title="Resolve the incident"
      testIdPrefix="resolve-incident"
      submitLabel={needsOverride ? 'Resolve with override' : 'Resolve'}
      canSubmit={complete}
      pending={pending}
      error={error}
      onSubmit={() =>
        onSubmit(needsOverride ? { resolution: resolution.trim(), override: override.trim() } : { resolution: resolution.trim() })
      }
      onCancel={onCancel}
      initialFocus={resolutionRef}
      wide
    >
      {(triedIncomplete) => (
        <>
          <div className="form-row">
            <label className="form-row__label" htmlFor={`${id}-resolution`}>
              How was it resolved?
            </label>
            <textarea
              ref={resolutionRef}
              id={`${id}-resolution`}
              className="input incident-dialog__text"
              rows={3}
              maxLength={2000}
              value={resolution}
              onChange={(event) => setResolution(event.target.value)}
              placeholder="e.g. Recorder power supply replaced; all cameras recording again"
              aria-invalid={triedIncomplete && resolution.trim() === '' ? true : undefined}
              data-testid="resolve-incident-resolution"
            />
            {triedIncomplete && resolution.trim() === '' ? (
              <FieldErrorMessage field="resolution" message="Say how it was resolved: it goes in the report." />
            ) : null}
          </div>
          {needsOverride ? (
            <div className="resolve-override" data-testid="resolve-open-steps">
              <p className="resolve-override__title">
                <span aria-hidden="true">⚠ </span>
                {openRequired.length === 1 ? 'A required step is still open:' : `${openRequired.length} required steps are still open:`}
              </p>
              <ul className="resolve-override__steps">
                {openRequired.map((step) => (
                  <li key={step.id}>{step.title}</li>
                ))}
              </ul>
              <div className="form-row">
                <label className="form-row__label" htmlFor={`${id}-override`}>
                  Why resolve it anyway? <span className="muted">(required; audited)</span>
                </label>
                <input
                  id={`${id}-override`}
                  className="input"
                  type="text"
                  maxLength={500}
                  value={override}
                  onChange={(event) => setOverride(event.target.value)}
                  placeholder="e.g. Customer cancelled the call-out; steps no longer apply"
                  aria-invalid={triedIncomplete && override.trim() === '' ? true : undefined}
                  data-testid="resolve-incident-override"
                />
                {triedIncomplete && override.trim() === '' ? (
                  <FieldErrorMessage field="override" message="Say why it is resolved with required steps open." />
                ) : null}
              </div>
            </div>
          ) : null}
        </>
      )}
    </KeyboardDialog>
  );
}
