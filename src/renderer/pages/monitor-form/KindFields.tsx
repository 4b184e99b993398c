import type { ProbeKindName } from '../../../shared/contract';
import { FormField } from '../../components/FormField';
import { DNS_RECORD_TYPES, HTTP_METHODS, JSON_PATH_OPS, type MonitorDraft } from './monitor-form-model';
import { FREE_TEXT_MAX, maxLengthOf } from '../../format/field-limits';
import { MonitorInput } from '../../../shared/contract';

export interface DraftEditor {
  draft: MonitorDraft;
  /** Changes some draft values; `field` is the contract path that was touched, for its error. */
  edit(patch: Partial<MonitorDraft>, field: string): void;
  errorFor(field: string): string | undefined;
}

function HttpFields({ draft, edit, errorFor }: DraftEditor) {
  return (
    <>
      <FormField
        field="probe.url"
        label="URL"
        hint="The full address, with http:// or https://. A stored password or key in it shows as ••••: leave it as it is to keep it, or type the whole address again."
        error={errorFor('probe.url')}
        className="form-row--wide"
      >
        {(a) => (
          <input
            {...a}
            className="input"
            type="url"
            value={draft.url}
            onChange={(e) => edit({ url: e.target.value }, 'probe.url')}
            placeholder="https://recorder.site-a.example/health"
            maxLength={maxLengthOf(MonitorInput, 'probe.url')}
            data-testid="monitor-form-url"
          />
        )}
      </FormField>
      <FormField field="probe.method" label="Method" error={errorFor('probe.method')}>
        {(a) => (
          <select
            {...a}
            className="input"
            value={draft.method}
            onChange={(e) => edit({ method: e.target.value as MonitorDraft['method'] }, 'probe.method')}
            data-testid="monitor-form-method"
          >
            {HTTP_METHODS.map((method) => (
              <option key={method}>{method}</option>
            ))}
          </select>
        )}
      </FormField>
      <FormField
        field="probe.expectedStatus"
        label="Expected statuses"
        hint="Comma-separated: 200, 200-299."
        error={errorFor('probe.expectedStatus')}
      >
        {(a) => (
          <input
            {...a}
            className="input"
            value={draft.expectedStatus}
            onChange={(e) => edit({ expectedStatus: e.target.value }, 'probe.expectedStatus')}
            maxLength={FREE_TEXT_MAX}
            data-testid="monitor-form-expected-status"
          />
        )}
      </FormField>
      <FormField
        field="probe.keyword"
        label="Keyword in the answer"
        hint="Optional. Leave empty to skip."
        error={errorFor('probe.keyword')}
      >
        {(a) => (
          <span className="input-group">
            <select
              className="input"
              aria-label="Keyword must be"
              value={draft.keywordMode}
              onChange={(e) => edit({ keywordMode: e.target.value as MonitorDraft['keywordMode'] }, 'probe.keyword')}
              data-testid="monitor-form-keyword-mode"
            >
              <option value="present">must appear</option>
              <option value="absent">must not appear</option>
            </select>
            <input
              {...a}
              className="input"
              value={draft.keywordText}
              onChange={(e) => edit({ keywordText: e.target.value }, 'probe.keyword')}
              maxLength={maxLengthOf(MonitorInput, 'probe.keyword.text')}
              data-testid="monitor-form-keyword"
            />
          </span>
        )}
      </FormField>
      <FormField
        field="probe.jsonPath"
        label="JSON condition"
        hint="Optional, for JSON answers: a path like $.status."
        error={errorFor('probe.jsonPath')}
        className="form-row--wide"
      >
        {(a) => (
          <span className="input-group">
            <input
              {...a}
              className="input mono"
              value={draft.jsonPath}
              placeholder="$.status"
              onChange={(e) => edit({ jsonPath: e.target.value }, 'probe.jsonPath')}
              maxLength={maxLengthOf(MonitorInput, 'probe.jsonPath.path')}
              data-testid="monitor-form-json-path"
            />
            <select
              className="input"
              aria-label="JSON condition"
              value={draft.jsonPathOp}
              onChange={(e) => edit({ jsonPathOp: e.target.value as MonitorDraft['jsonPathOp'] }, 'probe.jsonPath')}
              data-testid="monitor-form-json-op"
            >
              {JSON_PATH_OPS.map((op) => (
                <option key={op} value={op}>
                  {op === 'notEquals' ? 'not equals' : op}
                </option>
              ))}
            </select>
            {draft.jsonPathOp === 'exists' ? null : (
              <input
                className="input"
                aria-label="JSON value"
                value={draft.jsonPathValue}
                onChange={(e) => edit({ jsonPathValue: e.target.value }, 'probe.jsonPath')}
                maxLength={maxLengthOf(MonitorInput, 'probe.jsonPath.value')}
                data-testid="monitor-form-json-value"
              />
            )}
          </span>
        )}
      </FormField>
      <div className="form-row form-row--checks">
        <label className="check">
          <input
            type="checkbox"
            checked={draft.followRedirects}
            onChange={(e) => edit({ followRedirects: e.target.checked }, 'probe.followRedirects')}
            data-testid="monitor-form-follow-redirects"
          />
          Follow redirects
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={draft.verifyTls}
            onChange={(e) => edit({ verifyTls: e.target.checked }, 'probe.verifyTls')}
            data-testid="monitor-form-verify-tls"
          />
          Verify the TLS certificate
        </label>
      </div>
    </>
  );
}

function HostField({ draft, edit, errorFor, hint }: DraftEditor & { hint: string }) {
  return (
    <FormField field="probe.host" label="Host" hint={hint} error={errorFor('probe.host')}>
      {(a) => (
        <input
          {...a}
          className="input"
          value={draft.host}
          onChange={(e) => edit({ host: e.target.value }, 'probe.host')}
          placeholder="10.20.0.5 or nvr.site-a.example"
          maxLength={maxLengthOf(MonitorInput, 'probe.host')}
          data-testid="monitor-form-host"
        />
      )}
    </FormField>
  );
}

function PortField({ draft, edit, errorFor }: DraftEditor) {
  return (
    <FormField field="probe.port" label="Port" error={errorFor('probe.port')}>
      {(a) => (
        <input
          {...a}
          className="input input--short"
          type="number"
          inputMode="numeric"
          min={1}
          max={65535}
          value={draft.port}
          onChange={(e) => edit({ port: e.target.value }, 'probe.port')}
          data-testid="monitor-form-port"
        />
      )}
    </FormField>
  );
}

function DnsFields({ draft, edit, errorFor }: DraftEditor) {
  return (
    <>
      <FormField field="probe.name" label="Name to look up" error={errorFor('probe.name')}>
        {(a) => (
          <input
            {...a}
            className="input"
            value={draft.dnsName}
            onChange={(e) => edit({ dnsName: e.target.value }, 'probe.name')}
            placeholder="vpn.site-a.example"
            maxLength={maxLengthOf(MonitorInput, 'probe.name')}
            data-testid="monitor-form-dns-name"
          />
        )}
      </FormField>
      <FormField field="probe.recordType" label="Record type" error={errorFor('probe.recordType')}>
        {(a) => (
          <select
            {...a}
            className="input"
            value={draft.recordType}
            onChange={(e) => edit({ recordType: e.target.value as MonitorDraft['recordType'] }, 'probe.recordType')}
            data-testid="monitor-form-record-type"
          >
            {DNS_RECORD_TYPES.map((type) => (
              <option key={type}>{type}</option>
            ))}
          </select>
        )}
      </FormField>
      <FormField
        field="probe.resolver"
        label="Resolver"
        hint="Optional: an IP address, with :port if not 53. Empty uses the system's."
        error={errorFor('probe.resolver')}
      >
        {(a) => (
          <input
            {...a}
            className="input"
            value={draft.resolver}
            onChange={(e) => edit({ resolver: e.target.value }, 'probe.resolver')}
            maxLength={maxLengthOf(MonitorInput, 'probe.resolver')}
            data-testid="monitor-form-resolver"
          />
        )}
      </FormField>
      <FormField
        field="probe.expected"
        label="Expected answer"
        hint="Optional: one of the answers must equal this."
        error={errorFor('probe.expected')}
      >
        {(a) => (
          <input
            {...a}
            className="input"
            value={draft.expected}
            onChange={(e) => edit({ expected: e.target.value }, 'probe.expected')}
            maxLength={maxLengthOf(MonitorInput, 'probe.expected')}
            data-testid="monitor-form-expected"
          />
        )}
      </FormField>
    </>
  );
}

function TlsFields(editor: DraftEditor) {
  const { draft, edit, errorFor } = editor;
  return (
    <>
      <HostField {...editor} hint="The server whose certificate is checked." />
      <PortField {...editor} />
      <FormField
        field="probe.servername"
        label="Server name (SNI)"
        hint="Optional: when it differs from the host."
        error={errorFor('probe.servername')}
      >
        {(a) => (
          <input
            {...a}
            className="input"
            value={draft.servername}
            onChange={(e) => edit({ servername: e.target.value }, 'probe.servername')}
            maxLength={maxLengthOf(MonitorInput, 'probe.servername')}
            data-testid="monitor-form-servername"
          />
        )}
      </FormField>
      <div className="form-row form-row--checks">
        <label className="check">
          <input
            type="checkbox"
            checked={draft.verifyChain}
            onChange={(e) => edit({ verifyChain: e.target.checked }, 'probe.verifyChain')}
            data-testid="monitor-form-verify-chain"
          />
          Verify the certificate chain
        </label>
      </div>
    </>
  );
}

function HeartbeatFields({ draft, edit, errorFor }: DraftEditor) {
  return (
    <FormField
      field="probe.graceSeconds"
      label="Grace (seconds)"
      hint="Allowance on top of the interval before a missing beat means down. The device's URL is shown once the monitor is saved."
      error={errorFor('probe.graceSeconds')}
    >
      {(a) => (
        <input
          {...a}
          className="input input--short"
          type="number"
          inputMode="numeric"
          min={0}
          value={draft.graceSeconds}
          onChange={(e) => edit({ graceSeconds: e.target.value }, 'probe.graceSeconds')}
          data-testid="monitor-form-grace"
        />
      )}
    </FormField>
  );
}

/** The fields of one probe kind. */
export function KindFields({ kind, ...editor }: DraftEditor & { kind: ProbeKindName }) {
  switch (kind) {
    case 'http':
      return <HttpFields {...editor} />;
    case 'tcp':
      return (
        <>
          <HostField {...editor} hint="A name or an IP address, without scheme or path." />
          <PortField {...editor} />
        </>
      );
    case 'icmp':
      return <HostField {...editor} hint="Pinged from this console." />;
    case 'dns':
      return <DnsFields {...editor} />;
    case 'tls':
      return <TlsFields {...editor} />;
    case 'heartbeat':
      return <HeartbeatFields {...editor} />;
    case 'manual':
      return (
        <p className="form-row__hint form-row--wide">
          A manual monitor is never probed: its state is set by hand, with a note, from its page.
        </p>
      );
  }
}
