/** Reports: the availability report and the monthly operations review, and sending the review on the 1st. */
import { dayOf, monthLabel, monthRange } from '../../shared/domain/report-period';
import type { Capability, CapabilityContext, MethodsOf } from '../service';
import { availabilityReport } from './availability';
import { startMonthlyMail } from './monthly-mail';
import { operationsReview } from './operations-review';
import type { ReportsPorts } from './ports';

export type { ReportsPorts, ReportMailer, ReportMail, SecurityCounts, AuditChainState, EmailChannelConfig } from './ports';
export { REVIEW_SENT_KEY, REVIEW_RETRY_MS, REVIEW_LATE_LIMIT_MS } from './monthly-mail';

export interface ReportsContext extends CapabilityContext, ReportsPorts {}

export function createReports(context: ReportsContext): Capability<MethodsOf<'reports'>> {
  const review = (month: string) =>
    operationsReview(
      {
        repos: context.repos,
        now: context.clock.now(),
        zone: context.identity.timeZone(),
        security: context.securityCounts,
        auditChain: context.auditChain,
      },
      month,
    );
  let mail: { stop(): void } | null = null;
  return {
    handlers: {
      'reports.availability': (input) => {
        const targetPercent = input.targetPercent ?? context.settings().availabilityTargetPercent;
        if (input.month !== undefined)
          return availabilityReport(context.repos, {
            ...monthRange(input.month, context.identity.timeZone()),
            label: monthLabel(input.month),
            targetPercent,
            now: context.clock.now(),
          });
        // The schema lets a period through only with both ends.
        const from = input.from!;
        const to = input.to!;
        const zone = context.identity.timeZone();
        return availabilityReport(context.repos, { from, to, label: `${dayOf(from, zone)} to ${dayOf(to - 1, zone)}`,
          targetPercent,
          now: context.clock.now(),
        });
      },
      'reports.operationsReview': ({ month }) => review(month),
    },
    start() {
      mail = startMonthlyMail({ ...context, review });
    },
    stop() {
      mail?.stop();
      mail = null;
    },
  };
}
export type Reports = ReturnType<typeof createReports>;
