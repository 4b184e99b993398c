import { useRef, useState, type ReactNode } from 'react';
import { methods, type CommandName, type MethodOutput } from '../../shared/contract';
import type { CommandCall } from '../api/use-command';
import { useTransport } from '../api/transport-context';
import { placeErrors, type FieldErrors } from '../forms/form-model';
import { isTransportError } from '../transport/transport';
import { FormField } from './FormField';
import { KeyboardDialog } from './KeyboardDialog';

const FIELDS = ['username', 'password', 'code'] as const;

export interface Authorized<M extends CommandName> {
  /** The command's own answer, as if the person at the seat had been allowed to send it. */
  result: MethodOutput<M>;
  authorizedBy: { id: string; displayName: string };
}

interface StepUpDialogProps<M extends CommandName> {
  /** The one command the supervisor authorizes, with its input as the operator filled it in. */
  call: CommandCall<M>;
  /** What is authorized, in words: under the title, so the supervisor reads what they sign for. */
  what: ReactNode;
  onAuthorized: (authorized: Authorized<M>) => void;
  onCancel: () => void;
}

/**
 * Step-up at the seat: a supervisor standing behind the operator types their own username and
 * password (and code, when core asks for one) to authorize one command, which runs as the
 * operator with the supervisor's role; the audit names both. Core's refusals (a wrong password, a
 * locked account, an operator's credentials, the operator's own) are shown beside the fields.
 * Not a TanStack mutation: a mutation keeps its variables, and the password must not outlive the call.
 */
export function StepUpDialog<M extends CommandName>({ call, what, onAuthorized, onCancel }: StepUpDialogProps<M>) {
  const transport = useTransport();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [askCode, setAskCode] = useState(false);
  const [pending, setPending] = useState(false);
  const [byField, setByField] = useState<FieldErrors>({});
  const [refusal, setRefusal] = useState<string | null>(null);
  const usernameRef = useRef<HTMLInputElement>(null);

  const submit = async () => {
    const sentPassword = password;
    const sentCode = code.trim();
    setPassword('');
    setCode('');
    setPending(true);
    setByField({});
    setRefusal(null);
    try {
      const answer = await transport.call('auth.stepUp', {
        username,
        password: sentPassword,
        ...(askCode && sentCode !== '' ? { code: sentCode } : {}),
        method: call.method,
        input: call.input,
      });
      // The inner answer crosses the contract as unknown: the command's own schema gives it back its type.
      const result = methods[call.method].output.parse(answer.result) as MethodOutput<M>;
      onAuthorized({ result, authorizedBy: answer.authorizedBy });
    } catch (error) {
      const fields = isTransportError(error) ? error.fields : [];
      const placed = placeErrors(fields, FIELDS, '');
      // Core asks for the second factor with an error on the code field; the field then stays.
      if (placed.byField.code !== undefined) setAskCode(true);
      setByField(placed.byField);
      const message = error instanceof Error ? error.message : String(error);
      setRefusal(placed.unplaced.length > 0 || Object.keys(placed.byField).length === 0 ? message : null);
    } finally {
      setPending(false);
    }
  };

  const complete = username.trim() !== '' && password !== '' && (!askCode || code.trim() !== '');
  return (
    <KeyboardDialog
      title="Ask a supervisor"
      testIdPrefix="step-up"
      subject={
        <>
          <p>{what}</p>
          <p className="muted">
            A supervisor at this seat authorizes this one action with their own password. It is done in your name and recorded as authorized
            by them.
          </p>
        </>
      }
      submitLabel={pending ? 'Checking…' : 'Authorize'}
      canSubmit={complete}
      pending={pending}
      error={refusal}
      onSubmit={() => void submit()}
      onCancel={onCancel}
      initialFocus={usernameRef}
    >
      {(triedIncomplete) => (
        <>
          <FormField
            field="username"
            id="step-up-username"
            label="Supervisor's username"
            error={byField.username ?? (triedIncomplete && username.trim() === '' ? 'Type the username' : undefined)}
          >
            {(attributes) => (
              <input
                {...attributes}
                ref={usernameRef}
                className="input"
                name="username"
                autoComplete="off"
                autoCapitalize="none"
                spellCheck={false}
                maxLength={200}
                value={username}
                onChange={(event) => setUsername(event.target.value)}
                data-testid="step-up-username"
              />
            )}
          </FormField>
          <FormField
            field="password"
            id="step-up-password"
            label="Password"
            error={byField.password ?? (triedIncomplete && password === '' ? 'Type the password' : undefined)}
          >
            {(attributes) => (
              <input
                {...attributes}
                className="input"
                type="password"
                name="password"
                autoComplete="off"
                maxLength={1024}
                value={password}
                onChange={(event) => setPassword(event.target.value)}
                data-testid="step-up-password"
              />
            )}
          </FormField>
          {askCode ? (
            <FormField
              field="code"
              id="step-up-code"
              label="Code"
              hint="Six digits from the supervisor's authenticator app, or one of their recovery codes."
              error={byField.code ?? (triedIncomplete && code.trim() === '' ? 'Type the code' : undefined)}
            >
              {(attributes) => (
                <input
                  {...attributes}
                  className="input input--short"
                  name="code"
                  autoComplete="one-time-code"
                  maxLength={40}
                  value={code}
                  onChange={(event) => setCode(event.target.value)}
                  autoFocus
                  data-testid="step-up-code"
                />
              )}
            </FormField>
          ) : null}
        </>
      )}
    </KeyboardDialog>
  );
}

/**
 * Beside a control disabled only because the person's role is too low: opens the step-up. Nothing
 * when the control is allowed, or when no supervisor could allow it (a viewer, a signed-out seat).
 */
export function AskSupervisorButton({
  can,
  label = 'Ask a supervisor…',
  onClick,
  testId,
}: {
  can: { stepUp: boolean };
  label?: string;
  onClick: () => void;
  testId: string;
}) {
  if (!can.stepUp) return null;
  return (
    <button type="button" className="button button--small" onClick={onClick} data-testid={testId}>
      {label}
    </button>
  );
}
