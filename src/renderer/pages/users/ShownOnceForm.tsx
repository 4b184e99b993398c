import type { QueryKey } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import type { z } from 'zod';
import type { MethodInput, MethodOutput } from '../../../shared/contract';
import { useCommand } from '../../api/use-command';
import { TextField } from '../../components/FormField';
import { Problem } from '../../components/Problem';
import { checkWithContract, type FieldErrors } from '../../forms/form-model';

/** The commands that take a name and answer a secret shown this once: a seat's credential, a display's pairing address. */
type NamedOnceCommand = 'seats.register' | 'devices.pair';

interface ShownOnceFormProps<M extends NamedOnceCommand> {
  method: M;
  input: z.ZodType<MethodInput<M>>;
  stale: readonly QueryKey[];
  title: string;
  nameLabel: string;
  nameHint: string;
  submitLabel: string;
  /** Said before core's reason when it refuses ("Not registered"). */
  refusedAs: string;
  testIds: { form: string; name: string; submit: string; done: string };
  /** The panel's title and body once the command answered: shown once, never again. */
  shown(output: MethodOutput<M>): { title: string; body: ReactNode };
  onDone(): void;
}

/** A name, one command, and what it answered shown this once with a Done button. */
export function ShownOnceForm<M extends NamedOnceCommand>(props: ShownOnceFormProps<M>) {
  const command = useCommand(props.method, { stale: props.stale });
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [answered, setAnswered] = useState<MethodOutput<M> | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const validation = checkWithContract(props.input, { name }, {});
    setErrors(validation.ok ? {} : validation.errors);
    if (validation.ok) command.mutate(validation.input, { onSuccess: setAnswered });
  };

  if (answered !== null) {
    const { title, body } = props.shown(answered);
    return (
      <section className="panel" data-testid={props.testIds.done}>
        <h3 className="panel__title">{title}</h3>
        {body}
        <div className="form-actions">
          <button type="button" className="button" onClick={props.onDone}>
            Done
          </button>
        </div>
      </section>
    );
  }
  return (
    <form className="panel" onSubmit={submit} noValidate data-testid={props.testIds.form}>
      <h3 className="panel__title">{props.title}</h3>
      <TextField
        field="name"
        id={props.testIds.name}
        label={props.nameLabel}
        hint={props.nameHint}
        error={errors.name}
        value={name}
        onChange={setName}
        testId={props.testIds.name}
      />
      {command.error ? <Problem title={`${props.refusedAs}: ${command.error.message}`} /> : null}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={command.isPending} data-testid={props.testIds.submit}>
          {props.submitLabel}
        </button>
        <button type="button" className="button" onClick={props.onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
