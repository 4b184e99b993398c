import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { UseHubInput, type BackendChoice, type BackendState, type HubCertificate } from '../../../shared/contract';
import { useBackendState } from '../../api/queries';
import { queryKeys } from '../../api/query-keys';
import { useTransport } from '../../api/transport-context';
import { useCommand } from '../../api/use-command';
import { CommandButton } from '../../components/CommandButton';
import { TextField } from '../../components/FormField';
import { maxLengthOf } from '../../format/field-limits';

/** 32 hex pairs and their colons are 95 characters; a paste may carry spaces or a line break. */
const FINGERPRINT_MAX_CHARS = 200;

/** Fingerprints compare as the hub prints them, whatever case or spacing was pasted. */
export function sameFingerprint(a: string, b: string): boolean {
  const normal = (value: string) => value.replace(/\s/g, '').toUpperCase();
  return normal(a) !== '' && normal(a) === normal(b);
}

function describe(choice: BackendChoice): string {
  return choice.kind === 'embedded'
    ? 'this workstation'
    : `the hub at ${choice.address} (seat ${choice.seatId}), certificate ${choice.fingerprint}`;
}

/** Now, and what the next start uses when that differs (a choice just saved, or a hub given on the command line for this run). */
function backendText(state: BackendState): string {
  const now = `Working against ${describe(state.running)}.`;
  const same = JSON.stringify(state.running) === JSON.stringify(state.choice);
  return same ? now : `${now} From the next start: ${describe(state.choice)}.`;
}

/**
 * Which backend this console works against. A hub is pinned like an SSH host: the console fetches
 * the certificate's fingerprint, the person compares it with the one the hub printed, and only a
 * match can be saved. The seat credential goes to core once and is never shown again.
 */
export function BackendSettings() {
  const transport = useTransport();
  const queryClient = useQueryClient();
  const state = useBackendState().data;
  const [address, setAddress] = useState('');
  const [expected, setExpected] = useState('');
  const [seatId, setSeatId] = useState('');
  const [credential, setCredential] = useState('');
  const inspect = useMutation({
    mutationFn: (hub: string): Promise<HubCertificate> => transport.call('backend.inspectHub', { address: hub }),
  });
  const written = (next: BackendState) => queryClient.setQueryData(queryKeys.backend, next);
  const useHub = useCommand('backend.useHub', {
    onSuccess: (next) => {
      written(next);
      setCredential('');
    },
  });
  const useEmbedded = useCommand('backend.useEmbedded', { onSuccess: written });

  const seen = inspect.data?.address === address.trim() ? inspect.data : undefined;
  const matches = seen !== undefined && sameFingerprint(seen.fingerprint, expected);
  const ready = matches && seatId.trim() !== '' && credential !== '';

  const pin = (event: FormEvent) => {
    event.preventDefault();
    if (!ready || !seen) return;
    useHub.mutate({ address: seen.address, fingerprint: seen.fingerprint, seatId: seatId.trim(), credential });
  };

  return (
    <form className="settings-form" onSubmit={pin} noValidate aria-labelledby="backend-title" data-testid="backend-settings">
      <h2 id="backend-title" className="settings-form__legend">
        Backend
      </h2>
      <p data-testid="backend-choice">{state ? backendText(state) : 'Reading…'}</p>
      {state?.restartNeeded ? (
        <p className="muted" role="status" data-testid="backend-restart-needed">
          Restart Watchroom to switch: this console keeps its current backend until then.
        </p>
      ) : null}
      {state?.choice.kind === 'hub' ? (
        <CommandButton
          method="backend.useEmbedded"
          className="button"
          onClick={() => useEmbedded.mutate(undefined)}
          data-testid="backend-use-embedded"
        >
          Use this workstation instead
        </CommandButton>
      ) : null}
      <TextField
        field="address"
        id="backend-address"
        label="Hub address"
        hint="As the hub's administrator gave it, e.g. https://hub.example:4790."
        error={undefined}
        type="url"
        value={address}
        onChange={setAddress}
        maxLength={maxLengthOf(UseHubInput, 'address')}
        autoComplete="off"
        testId="backend-address"
      />
      <CommandButton
        method="backend.useHub"
        className="button"
        disabled={address.trim() === '' || inspect.isPending}
        onClick={() => inspect.mutate(address.trim())}
        data-testid="backend-inspect"
      >
        {inspect.isPending ? 'Fetching…' : 'Fetch the certificate'}
      </CommandButton>
      {inspect.isError ? (
        <p className="form-row__error" role="alert" data-testid="backend-inspect-error">
          {inspect.error.message}
        </p>
      ) : null}
      {seen ? (
        <>
          <p className="settings-form__fingerprint" data-testid="backend-fingerprint">
            The hub presents a certificate for “{seen.subject}” with the SHA-256 fingerprint <code>{seen.fingerprint}</code>
          </p>
          <TextField
            field="fingerprint"
            id="backend-expected"
            label="Fingerprint the hub printed"
            hint="Paste it from the hub's start-up output or from its administrator, never from this screen."
            error={expected !== '' && !matches ? 'This is not the certificate the hub presents: do not connect' : undefined}
            value={expected}
            onChange={setExpected}
            maxLength={FINGERPRINT_MAX_CHARS}
            autoComplete="off"
            testId="backend-expected"
          />
          {matches ? (
            <p className="status-item--ok" role="status" data-testid="backend-fingerprint-match">
              The fingerprints match.
            </p>
          ) : null}
          <TextField
            field="seatId"
            id="backend-seat"
            label="Seat id"
            hint="Given when an admin registered this seat on the hub."
            error={undefined}
            value={seatId}
            onChange={setSeatId}
            maxLength={maxLengthOf(UseHubInput, 'seatId')}
            autoComplete="off"
            testId="backend-seat"
          />
          <TextField
            field="credential"
            id="backend-credential"
            label="Seat credential"
            hint="Shown once on the hub when the seat was registered; kept encrypted on this workstation."
            error={useHub.isError ? useHub.error.message : undefined}
            type="password"
            value={credential}
            onChange={setCredential}
            maxLength={maxLengthOf(UseHubInput, 'credential')}
            autoComplete="off"
            testId="backend-credential"
          />
          <CommandButton
            method="backend.useHub"
            type="submit"
            className="button button--primary"
            disabled={!ready || useHub.isPending}
            data-testid="backend-use-hub"
          >
            Pin this certificate and use the hub
          </CommandButton>
        </>
      ) : null}
    </form>
  );
}
