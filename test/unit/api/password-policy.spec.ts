import { passwordProblem } from '../../../apps/api/src/modules/auth/password-policy';

describe(passwordProblem.name, () => {
  it('should refuse breached and common passwords, keyboard walks and short ones, naming the field and saying why', () => {
    expect(passwordProblem('password123456')).toEqual({ field: 'password', message: expect.stringMatching(/too easy to guess: .*breached/) });
    expect(passwordProblem('qwertyuiop123')).toEqual({ field: 'password', message: expect.stringMatching(/too easy to guess/) });
    expect(passwordProblem('aaaaaaaaaaaaaaaa')?.message).toMatch(/repeats/);
    expect(passwordProblem('Xk9#mq2!', [], 'newPassword')).toEqual({ field: 'newPassword', message: 'must be at least 12 characters' });
    expect(passwordProblem('x'.repeat(501))?.message).toBe('must be at most 500 characters');
  });

  it('should count the user\'s own e-mail as guessable', () => {
    expect(passwordProblem('kari.nordmann@example.test')).toBeUndefined();
    expect(passwordProblem('kari.nordmann@example.test', ['kari.nordmann@example.test'])?.message).toMatch(/e-mail/);
  });

  it('should accept long passphrases, the test suite\'s bootstrap admin password among them', () => {
    for (const ok of ['correct-horse-battery-staple', 'support-password-123', 'marble-otter-cinnamon-drift-42']) expect(passwordProblem(ok)).toBeUndefined();
  });
});
