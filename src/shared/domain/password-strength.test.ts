import { describe, expect, it } from 'vitest';
import { estimatePasswordStrength } from './password-strength';

describe('the password strength meter', () => {
  it('rates a common password very weak and says why, and a long passphrase very strong', async () => {
    expect(await estimatePasswordStrength('password123')).toEqual({ score: 0, label: 'Very weak', warning: 'A commonly used password' });
    expect(await estimatePasswordStrength('qwertyuiop')).toMatchObject({ score: 0, warning: 'One of the hundred most used passwords' });
    expect(await estimatePasswordStrength('ada keeps the keys')).toEqual({ score: 4, label: 'Very strong', warning: null });
  });

  it("counts the person's own name and username as easy to guess", async () => {
    const alone = await estimatePasswordStrength('olgapetrova1');
    const withName = await estimatePasswordStrength('olgapetrova1', ['olgapetrova', 'Olga Petrova']);
    expect(withName.score).toBeLessThanOrEqual(alone.score);
    expect(withName.score).toBeLessThan(3);
  });
});
