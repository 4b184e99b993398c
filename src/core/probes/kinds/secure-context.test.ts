import { describe, expect, it } from 'vitest';
import { CERTIFICATE_REREAD_MS, CertificateExpiries, MAX_KEPT_READINGS } from './secure-context';

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

  it('reads again at once for the first run of a new or changed monitor, and keeps that reading', () => {
    const expiries = new CertificateExpiries(() => 0);
    let reads = 0;
    const read = (expiresAt: number) => () => {
      reads += 1;
      return expiresAt;
    };
    expect(expiries.expiryOf('10.0.0.1:443', read(1_000))).toBe(1_000);
    expect(expiries.expiryOf('10.0.0.1:443', read(2_000), true)).toBe(2_000);
    expect(expiries.expiryOf('10.0.0.1:443', read(3_000))).toBe(2_000);
    expect(reads).toBe(2);
  });

  it('keeps at most its bound of addresses, dropping the one read longest ago', () => {
    let now = 0;
    const expiries = new CertificateExpiries(() => now);
    const reads: string[] = [];
    const reader = (address: string) => () => {
      reads.push(address);
      return 1_000;
    };
    for (let index = 0; index <= MAX_KEPT_READINGS; index += 1) {
      now += 1;
      expiries.expiryOf(`10.1.${index >> 8}.${index & 255}:443`, reader(`#${index}`));
    }
    reads.length = 0;
    // All within 5 minutes: the second is still kept, the first (oldest) was dropped and is read again.
    expiries.expiryOf('10.1.0.1:443', reader('#1'));
    expiries.expiryOf('10.1.0.0:443', reader('#0'));
    expect(reads).toEqual(['#0']);
  });
});
