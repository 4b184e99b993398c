import { EscalationPolicy, type Severity } from '../../../shared/contract';
import { checkWithContract, readWholeNumber, type DraftValidation, type FieldErrors } from '../../forms/form-model';

/** One severity's policy as its inputs hold it; "never" keeps the minutes typed before it was ticked. */
export interface EscalationDraft {
  escalateAfter: string;
  neverEscalate: boolean;
  repeatEvery: string;
  maxLevel: string;
  ackTimeout: string;
  noAckTimeout: boolean;
}

export const ESCALATION_FIELDS = ['escalateAfterMinutes', 'repeatEveryMinutes', 'maxLevel', 'ackTimeoutMinutes'] as const;

/** What a "never" box offers when ticked off again, when the policy had no number to keep. */
const SUGGESTED_MINUTES = { escalateAfter: '15', ackTimeout: '60' };

export function draftFromPolicy(policy: EscalationPolicy): EscalationDraft {
  return {
    escalateAfter: policy.escalateAfterMinutes === null ? SUGGESTED_MINUTES.escalateAfter : String(policy.escalateAfterMinutes),
    neverEscalate: policy.escalateAfterMinutes === null,
    repeatEvery: String(policy.repeatEveryMinutes),
    maxLevel: String(policy.maxLevel),
    ackTimeout: policy.ackTimeoutMinutes === null ? SUGGESTED_MINUTES.ackTimeout : String(policy.ackTimeoutMinutes),
    noAckTimeout: policy.ackTimeoutMinutes === null,
  };
}

export function validateEscalationDraft(severity: Severity, draft: EscalationDraft): DraftValidation<EscalationPolicy> {
  const errors: FieldErrors = {};
  const candidate = {
    severity,
    escalateAfterMinutes: draft.neverEscalate ? null : readWholeNumber('escalateAfterMinutes', draft.escalateAfter, errors),
    repeatEveryMinutes: readWholeNumber('repeatEveryMinutes', draft.repeatEvery, errors),
    maxLevel: readWholeNumber('maxLevel', draft.maxLevel, errors),
    ackTimeoutMinutes: draft.noAckTimeout ? null : readWholeNumber('ackTimeoutMinutes', draft.ackTimeout, errors),
  };
  return checkWithContract(EscalationPolicy, candidate, errors);
}
