import { CERT_WARNING_DAYS } from '../../shared/contract';

const DAY_MS = 86_400_000;

export type CertificateLevel = 'ok' | 'notice' | 'warning' | 'critical' | 'expired';

/** Days left on a certificate and how loudly to say it: the 30/14/7-day steps of the TLS warnings. */
export function certificateExpiry(expiresAt: number, now: number): { daysLeft: number; level: CertificateLevel } {
  const daysLeft = Math.floor((expiresAt - now) / DAY_MS);
  const [notice, warning, critical] = CERT_WARNING_DAYS;
  const level: CertificateLevel =
    expiresAt <= now
      ? 'expired'
      : daysLeft <= critical
        ? 'critical'
        : daysLeft <= warning
          ? 'warning'
          : daysLeft <= notice
            ? 'notice'
            : 'ok';
  return { daysLeft, level };
}

export function describeCertificateDays({ daysLeft, level }: { daysLeft: number; level: CertificateLevel }): string {
  if (level === 'expired') return 'expired';
  if (daysLeft === 0) return 'expires today';
  return `${daysLeft} day${daysLeft === 1 ? '' : 's'} left`;
}
