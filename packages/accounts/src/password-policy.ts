import { dictionary } from '@zxcvbn-ts/language-common'
import { CHINESE_COMMON_PASSWORDS } from './chinese-common-passwords.ts'

/** Fewer characters than this are refused (NIST SP 800-63B asks for 8; a street's admin accounts deserve more). */
export const PASSWORD_MIN_LENGTH = 10

/** Which rule a password breaks, in the order they are checked. */
export type PasswordProblem = 'tooShort' | 'common' | 'containsPhone'

const MESSAGES: { readonly [P in PasswordProblem]: string } = {
  tooShort: `密码至少 ${PASSWORD_MIN_LENGTH} 个字符 / A password needs at least ${PASSWORD_MIN_LENGTH} characters`,
  common: '这是常见密码，容易被猜中，请换一个 / This is a common password that is easy to guess: choose another',
  containsPhone: '密码不能包含手机号 / A password must not contain the phone number',
}

export function passwordProblemMessage(problem: PasswordProblem): string {
  return MESSAGES[problem]
}

// zxcvbn-ts's list of common passwords (about 49,000, from leaked password sets) and a few that Chinese users
// choose, lower-cased once on first use: only the server checks every password, the web may never load it.
let common: ReadonlySet<string> | undefined
function commonPasswords(): ReadonlySet<string> {
  common ??= new Set([...dictionary['passwords-common'], ...CHINESE_COMMON_PASSWORDS].map((p) => p.toLowerCase()))
  return common
}

/**
 * The first rule `password` breaks for the account of `phone`, or undefined when it may be used. Length counts
 * characters (code points), not bytes or UTF-16 units: 网格 is two characters.
 */
export function passwordProblem(password: string, { phone }: { readonly phone: string }): PasswordProblem | undefined {
  if ([...password].length < PASSWORD_MIN_LENGTH) return 'tooShort'
  if (commonPasswords().has(password.toLowerCase())) return 'common'
  if (phone !== '' && password.includes(phone)) return 'containsPhone'
  return undefined
}
