import { useState } from 'react';
import type { Channel, Rule } from '../../../shared/contract';
import { useAlertConfigCommand, useChannels, useRules } from '../../api/alert-config-queries';
import { RowFollowUp } from '../../components/ConfirmDelete';
import { describeCondition, describePending, describeRecovery, ruleSpecOf } from './rule-form-model';
import { RuleForm } from './RuleForm';
import { useDescribeScope } from './ScopeFields';
import { SeverityBadge } from '../../components/SeverityBadge';
import { QueryView } from '../../components/QueryView';
import { CommandButton } from '../../components/CommandButton';

const COLUMNS = 10;

interface RuleRowProps {
  rule: Rule;
  channelNames: ReadonlyMap<string, string>;
  describeScope: ReturnType<typeof useDescribeScope>;
  onEdit(rule: Rule): void;
}

function RuleRow({ rule, channelNames, describeScope, onEdit }: RuleRowProps) {
  const update = useAlertConfigCommand('rules.update');
  const remove = useAlertConfigCommand('rules.delete');
  const [confirming, setConfirming] = useState(false);
  const problem = update.error ?? remove.error;
  return (
    <>
      <tr
        data-testid="rule-row"
        data-rule-id={rule.id}
        data-enabled={rule.enabled}
        className={rule.enabled ? undefined : 'alert-config-row--off'}
      >
        <th scope="row" className="alert-config-row__name">
          {rule.name}
          {rule.builtIn ? (
            <span className="tag" title="Comes with Watchroom: it can be changed or switched off, not deleted">
              built-in
            </span>
          ) : null}
        </th>
        <td>{describeScope(rule.scope)}</td>
        <td>{describeCondition(rule.condition)}</td>
        <td className="nowrap">{describePending(rule.pendingMinutes)}</td>
        <td>{describeRecovery(rule.recovery)}</td>
        <td>
          <SeverityBadge severity={rule.severity} />
        </td>
        <td>
          {rule.routing === 'table' ? (
            <span data-testid="rule-routing-table">Routing table</span>
          ) : rule.channelIds.length === 0 ? (
            <span className="muted">Queue only</span>
          ) : (
            rule.channelIds.map((id) => channelNames.get(id) ?? id).join(', ')
          )}
        </td>
        <td className="nowrap">{rule.maxOpenAlerts}</td>
        <td>{rule.enabled ? 'On' : <span className="muted">Off</span>}</td>
        <td className="alert-config-row__actions">
          <CommandButton
            method="rules.update"
            type="button"
            className="button button--small"
            onClick={() => onEdit(rule)}
            data-testid="rule-edit"
          >
            Edit
          </CommandButton>
          <CommandButton
            method="rules.update"
            type="button"
            className="button button--small"
            disabled={update.isPending}
            onClick={() =>
              update.mutate({ id: rule.id, rule: { ...ruleSpecOf(rule), enabled: !rule.enabled }, basedOnVersion: rule.version })
            }
            data-testid="rule-toggle"
          >
            {rule.enabled ? 'Switch off' : 'Switch on'}
          </CommandButton>
          {rule.builtIn ? null : (
            <CommandButton
              method="rules.delete"
              type="button"
              className="button button--small button--danger-quiet"
              onClick={() => setConfirming(true)}
              data-testid="rule-delete"
            >
              Delete
            </CommandButton>
          )}
        </td>
      </tr>
      <RowFollowUp
        colSpan={COLUMNS}
        className="alert-config-row__extra"
        problem={problem}
        problemTestId="rule-error"
        confirm={
          confirming
            ? {
                question: `Delete the rule “${rule.name}”? Its open alerts resolve.`,
                confirmLabel: `Delete “${rule.name}”`,
                pending: remove.isPending,
                onConfirm: () => remove.mutate({ id: rule.id }, { onSettled: () => setConfirming(false) }),
                onCancel: () => setConfirming(false),
                testId: 'rule-delete-confirm',
              }
            : null
        }
      />
    </>
  );
}

function RulesTable({ rules, channels, onEdit }: { rules: readonly Rule[]; channels: readonly Channel[]; onEdit(rule: Rule): void }) {
  const describeScope = useDescribeScope();
  const channelNames = new Map(channels.map((channel) => [channel.id, channel.name]));
  return (
    <div className="table-wrap">
      <table className="table alert-config-table" data-testid="rules-table">
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">Applies to</th>
            <th scope="col">Condition</th>
            <th scope="col">Pending</th>
            <th scope="col">Recovery</th>
            <th scope="col">Severity</th>
            <th scope="col">Channels</th>
            <th scope="col" title="Storm cap: more open alerts than this become one alert storm">
              Max open
            </th>
            <th scope="col">Enabled</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rules.map((rule) => (
            <RuleRow key={rule.id} rule={rule} channelNames={channelNames} describeScope={describeScope} onEdit={onEdit} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

type Editing = { rule: Rule | null } | null;

/** Alert rules: what raises an alert, for which monitors, how loud, and who is told. */
export function RulesSection() {
  const rules = useRules();
  const channels = useChannels();
  const [editing, setEditing] = useState<Editing>(null);
  return (
    <>
      <div className="alert-config-section__head">
        <p className="muted">Built-in rules cannot be deleted; edit or switch them off instead.</p>
        <CommandButton
          method="rules.create"
          type="button"
          className="button button--primary"
          onClick={() => setEditing({ rule: null })}
          data-testid="rule-add"
        >
          Add rule
        </CommandButton>
      </div>
      {editing ? (
        <RuleForm key={editing.rule?.id ?? 'new'} rule={editing.rule} channels={channels.data ?? []} onDone={() => setEditing(null)} />
      ) : null}
      <QueryView query={rules} failure="Could not read the rules" loading="Reading the rules…" empty="No rules: nothing raises an alert.">
        {(rows) => <RulesTable rules={rows} channels={channels.data ?? []} onEdit={(rule) => setEditing({ rule })} />}
      </QueryView>
    </>
  );
}
