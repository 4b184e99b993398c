import type { ButtonHTMLAttributes } from 'react';
import type { MethodName, NamedPermission } from '../../shared/contract';
import { useCan } from '../api/use-can';

type CommandButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  /** The command the button leads to (at once, or through a form or dialog). */
  method: MethodName;
  /** The site of what it acts on, when it acts on an alert, incident or monitor. */
  siteId?: string | null;
  permission?: NamedPermission;
  doing?: string;
  'data-testid'?: string;
};

/**
 * A button for a command: disabled for whoever may not call it, with a tooltip and a description
 * saying who may ("Only a supervisor or above may do this; Ann Example is an operator").
 */
export function CommandButton({ method, siteId, permission, doing, type = 'button', disabled, ...button }: CommandButtonProps) {
  const can = useCan(method, { siteId, permission, doing });
  return (
    <>
      <button type={type} {...button} disabled={disabled === true || !can.allowed} {...can.control} />
      {can.note}
    </>
  );
}
