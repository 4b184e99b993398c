import { describe, expect, it } from 'vitest';
import { CERTIFICATE_REREAD_MS, CertificateExpiries } from './secure-context';

describe('certificate expiries of HTTPS targets', () => {
  it('reads an address once per 5 minutes, so a replaced certificate shows within them, and each address on its own', () => {
    let now = 0;
    const expiries = new CertificateExpiries(() => now);
    const reads: string[] = [];
    const reader = (address: string, expiresAt: number) => () => {
      reads.push(address);
      return expiresAt;
    };
    expect(expiries.expiryOf('10.0.0.1:443', reader('10.0.0.1:443', 1_000))).toBe(1_000);
    now += CERTIFICATE_REREAD_MS - 1;
    // The certificate was replaced; the reading is still the kept one.
    expect(expiries.expiryOf('10.0.0.1:443', reader('10.0.0.1:443', 2_000))).toBe(1_000);
    expect(expiries.expiryOf('10.0.0.2:443', reader('10.0.0.2:443', 3_000))).toBe(3_000);
    now += 1;
    expect(expiries.expiryOf('10.0.0.1:443', reader('10.0.0.1:443', 2_000))).toBe(2_000);
    expect(reads).toEqual(['10.0.0.1:443', '10.0.0.2:443', '10.0.0.1:443']);
  });
});
