import { hash, verify } from '@node-rs/argon2'
import { passwordProblem, passwordProblemMessage } from '@wangge/accounts'
import { WeakPasswordError } from '../../../errors.ts'

// @node-rs/argon2's Algorithm.Argon2id; its enum is an ambient const enum, unusable under isolated modules.
const ARGON2ID = 2

/** Refuses a password that breaks the policy (@wangge/accounts) for the account of `phone`, before it is hashed. */
export function checkPasswordPolicy(password: string, phone: string): void {
  const problem = passwordProblem(password, { phone })
  if (problem !== undefined) throw new WeakPasswordError(problem, passwordProblemMessage(problem))
}

/** argon2id with the library's defaults (m = 19 MiB, t = 2, p = 1, OWASP's minimum). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID })
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password).catch(() => false)
}

/**
 * Checked against when the phone is unknown, so an unknown phone and a wrong password take the same time and
 * give the same answer.
 */
export const DECOY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$lnHTGxe/khg/vz6KC9zdUw$3Z10OyAevkxRWCPvWiz78tuHrGkvukX8FQY9c8QRDbs'
