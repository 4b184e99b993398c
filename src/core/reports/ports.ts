import type { ChannelConfig, SecurityEventType } from '../../shared/contract';

/** The security events of a period, counted by type (people reads them from the audit log). */
export interface SecurityCounts {
  total: number;
  byType: Map<SecurityEventType, number>;
}

/** The audit chain as a verification found it just now. */
export interface AuditChainState {
  ok: boolean;
  checked: number;
  problemCount: number;
  /** The first problem in words; null when the chain is whole. */
  firstProblem: string | null;
}

export type EmailChannelConfig = Extract<ChannelConfig, { kind: 'email' }>;

/** A plain-text e-mail through an e-mail channel (alerting's SMTP sender). */
export interface ReportMail {
  fromName: string;
  subject: string;
  text: string;
}
export type ReportMailer = (config: EmailChannelConfig, mail: ReportMail) => Promise<{ ok: true; detail: string } | { ok: false; reason: string }>;

/** What reports need from other capabilities; the composition root fills them. */
export interface ReportsPorts {
  securityCounts(from: number, to: number): SecurityCounts;
  auditChain(): Promise<AuditChainState>;
  mailer: ReportMailer;
}
