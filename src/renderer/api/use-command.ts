import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import type { CommandName, MethodInput, MethodOutput } from '../../shared/contract';
import type { Transport } from '../transport/transport';
import { useTransport } from './transport-context';

/** One contract command named with its input; a union of them (CommandCall<'a' | 'b'>) keeps each input with its own name. */
export type CommandCall<M extends CommandName = CommandName> = { [K in M]: { method: K; input: MethodInput<K> } }[M];

/** Calls the command a CommandCall names, whichever of a union it is. */
export function callCommand<M extends CommandName>(transport: Transport, call: CommandCall<M>): Promise<MethodOutput<M>> {
  return transport.call(call.method, call.input);
}

interface CommandOptions<M extends CommandName> {
  /** Queries the command's success makes stale: they are read again. A command's own answer is never trusted to be the whole story. */
  stale?: readonly QueryKey[] | ((output: MethodOutput<M>) => readonly QueryKey[]);
  onSuccess?: (output: MethodOutput<M>) => void;
}

function useCommandMutation<M extends CommandName, V>(
  run: (transport: Transport, variables: V) => Promise<MethodOutput<M>>,
  options: CommandOptions<M>,
) {
  const transport = useTransport();
  const queryClient = useQueryClient();
  const { stale = [], onSuccess } = options;
  return useMutation({
    mutationFn: (variables: V) => run(transport, variables),
    onSuccess: (output) => {
      onSuccess?.(output);
      for (const queryKey of typeof stale === 'function' ? stale(output) : stale) void queryClient.invalidateQueries({ queryKey });
    },
  });
}

/** A mutation running one contract command, typed by the contract: its input and answer are the method's own. */
export function useCommand<M extends CommandName>(method: M, options: CommandOptions<M> = {}) {
  return useCommandMutation<M, MethodInput<M>>((transport, input) => transport.call(method, input), options);
}

/** One mutation for several commands that share a pending state and an outcome (the alert queue's keys): each call names its command. */
export function useCommandCalls<M extends CommandName>(options: CommandOptions<M> = {}) {
  return useCommandMutation<M, CommandCall<M>>(callCommand, options);
}
