import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../shared/contract';
import { seatKeys } from '../api/seat-queries';
import { useTransport } from '../api/transport-context';
import { FormField } from '../components/FormField';
import { KeyboardDialog } from '../components/KeyboardDialog';
import { isTransportError } from '../transport/transport';

type Enrolment = MethodOutput<'auth.totpBegin'>;

/**
 * Two-factor set-up: the QR code (and the secret, for an app that cannot scan) from core, a
 * first code to prove the app has it, then ten recovery codes shown once. `onClose` is Cancel
 * before the app is confirmed; `onDone` follows "I have saved them" (by default the same).
 */
export function TwoFactorDialog({
  required = false,
  onClose,
  onDone = onClose,
}: {
  required?: boolean;
  onClose(): void;
  onDone?: () => void;
}) {
  const transport = useTransport();
  const queryClient = useQueryClient();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string | undefined>(undefined);
  const [problem, setProblem] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [recoveryCodes, setRecoveryCodes] = useState<readonly string[] | null>(null);

  useEffect(() => {
    let current = true;
    transport
      .call('auth.totpBegin', undefined)
      .then((begun) => current && setEnrolment(begun))
      .catch((error: unknown) => current && setProblem(error instanceof Error ? error.message : String(error)));
    return () => {
      current = false;
    };
  }, [transport]);

  const confirm = () => {
    setPending(true);
    setProblem(null);
    setCodeError(undefined);
    transport
      .call('auth.totpConfirm', { code })
      .then(({ codes }) => setRecoveryCodes(codes))
      .catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        if (isTransportError(error) && error.fields.some((field) => field.path === 'code')) setCodeError(message);
        else setProblem(message);
      })
      .finally(() => {
        setCode('');
        setPending(false);
      });
  };

  if (recoveryCodes !== null) {
    // Asked again only now: a seat that had to enrol leaves the enrolment screen, and these codes with it.
    const done = () => {
      void queryClient.invalidateQueries({ queryKey: seatKeys.state });
      onDone();
    };
    return (
      <KeyboardDialog
        title="Recovery codes"
        testIdPrefix="two-factor"
        submitLabel="I have saved them"
        canSubmit
        pending={false}
        error={null}
        onSubmit={done}
        onCancel={done}
      >
        <p>
          Two-factor sign-in is on. Keep these ten codes somewhere safe: each signs you in once if your phone is lost. They are not shown
          again.
        </p>
        <ol className="recovery-codes" data-testid="recovery-codes">
          {recoveryCodes.map((recovery) => (
            <li key={recovery}>
              <code>{recovery}</code>
            </li>
          ))}
        </ol>
      </KeyboardDialog>
    );
  }
  return (
    <KeyboardDialog
      title="Two-factor set-up"
      testIdPrefix="two-factor"
      submitLabel={pending ? 'Checking…' : 'Turn on'}
      canSubmit={enrolment !== null && code.trim().length >= 6 && !pending}
      pending={pending}
      error={problem}
      onSubmit={confirm}
      onCancel={onClose}
    >
      {enrolment === null && problem === null ? (
        <p className="loading" role="status">
          Asking core for a new secret…
        </p>
      ) : null}
      {enrolment !== null ? (
        <>
          {required ? (
            <p data-testid="two-factor-required">This console requires an authenticator app for your role: set one up now.</p>
          ) : null}
          <p>Scan this with an authenticator app, then type the six digits it shows.</p>
          <img
            className="two-factor__qr"
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrolment.qrSvg)}`}
            alt="QR code for the authenticator app"
            data-testid="two-factor-qr"
          />
          <p className="two-factor__secret">
            Cannot scan? Type this secret: <code data-testid="two-factor-secret">{enrolment.secret}</code>
          </p>
          <FormField field="code" id="two-factor-code" label="Code from the app" error={codeError}>
            {(attributes) => (
              <input
                {...attributes}
                className="input input--short"
                autoComplete="one-time-code"
                inputMode="numeric"
                value={code}
                onChange={(event) => setCode(event.target.value)}
                data-testid="two-factor-code"
              />
            )}
          </FormField>
        </>
      ) : null}
    </KeyboardDialog>
  );
}
