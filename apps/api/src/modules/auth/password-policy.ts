import type { ZxcvbnFactory, ZxcvbnResult } from '@zxcvbn-ts/core';
import { AppException, type FieldProblem } from '../../common/app-exception';

/** Shortest accepted password (OWASP ASVS 4.0 V2.1.1 asks for at least 12 characters). */
export const PASSWORD_MIN_LENGTH = 12;
/** Longest accepted password (ASVS V2.1.2 asks to allow at least 64; more only costs hashing time). */
export const PASSWORD_MAX_LENGTH = 500;
/** Lowest accepted zxcvbn score (0–4): 3 is "safely unguessable: moderate protection from offline slow-hash attacks". */
export const PASSWORD_MIN_SCORE = 3;

/**
 * zxcvbn-ts with the language-independent dictionaries only (`@zxcvbn-ts/language-common`): its password lists are the
 * most common passwords of public breach corpora, and keyboard adjacency graphs catch `qwertyuiop`-style walks. Runs
 * fully offline; the online "pwned" matcher is deliberately not used (no password ever leaves the server).
 * Built on the first check, not at start-up: loading and ranking the dictionaries costs a few hundred ms of CPU that
 * every process start (and every test app) would otherwise pay for a check that runs only when a password is set.
 */
let zxcvbnInstance: ZxcvbnFactory | undefined;
function zxcvbn(): ZxcvbnFactory {
  if (!zxcvbnInstance) {
    /* eslint-disable @typescript-eslint/no-require-imports -- deferred on purpose (see above) */
    const { ZxcvbnFactory: Factory } = require('@zxcvbn-ts/core') as typeof import('@zxcvbn-ts/core');
    const { adjacencyGraphs, dictionary } = require('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common');
    /* eslint-enable @typescript-eslint/no-require-imports */
    zxcvbnInstance = new Factory({ dictionary, graphs: adjacencyGraphs });
  }
  return zxcvbnInstance;
}

/** English reasons for zxcvbn's warning keys (`@zxcvbn-ts/language-en` is not installed; the keys are stable). */
const WARNINGS: Record<string, string> = {
  straightRow: 'it is a straight row of keys on the keyboard',
  keyPattern: 'it is a short keyboard pattern',
  simpleRepeat: 'it repeats characters like "aaa"',
  extendedRepeat: 'it repeats a pattern like "abcabcabc"',
  sequences: 'it is a common sequence like "abc" or "123"',
  recentYears: 'it relies on a recent year',
  dates: 'it relies on a date',
  topTen: 'it is one of the ten most used passwords',
  topHundred: 'it is one of the hundred most used passwords',
  common: 'it is a commonly used password found in breached-password lists',
  similarToCommon: 'it is too similar to a commonly used password found in breached-password lists',
  wordByItself: 'a single word is easy to guess',
  namesByThemselves: 'single names or surnames are easy to guess',
  commonNames: 'common names and surnames are easy to guess',
  userInputs: 'it contains your e-mail address',
  pwned: 'it appeared in a data breach',
};

/** Why a zxcvbn result is too weak, in words. */
function weaknessOf(result: ZxcvbnResult): string {
  const warning = result.feedback.warning ? WARNINGS[result.feedback.warning] : undefined;
  return `is too easy to guess${warning ? `: ${warning}` : ''}; use a longer passphrase of several unrelated words`;
}

/**
 * Checks a new password against the policy (OWASP ASVS 4.0 V2.1.1 length ≥ 12, V2.1.2 ≤ 500 allowed, V2.1.7 not a
 * breached or common password, V2.1.8 strength feedback; no composition rules, V2.1.9). `userInputs` (such as the
 * user's e-mail) count as guessable.
 * @returns the problem for `field`, or undefined when the password is acceptable. The message never contains the password.
 */
export function passwordProblem(password: string, userInputs: string[] = [], field = 'password'): FieldProblem | undefined {
  if (password.length < PASSWORD_MIN_LENGTH) return { field, message: `must be at least ${PASSWORD_MIN_LENGTH} characters` };
  if (password.length > PASSWORD_MAX_LENGTH) return { field, message: `must be at most ${PASSWORD_MAX_LENGTH} characters` };
  const result = zxcvbn().check(password, userInputs);
  return result.score < PASSWORD_MIN_SCORE ? { field, message: weaknessOf(result) } : undefined;
}

/**
 * `passwordProblem` as an assertion.
 * @throws AppException `validation_failed` (400) naming `field` and saying why.
 */
export function assertPasswordPolicy(password: string, userInputs: string[] = [], field = 'password'): void {
  const problem = passwordProblem(password, userInputs, field);
  if (problem) throw AppException.validation([problem]);
}
