import type { Me } from '../api/account-types.ts'

const KEY = 'wangge.me'

/**
 * The last signed-in grid worker, kept on the phone so the worker's pages (and their outbox) open without network:
 * the session cookie is still there, only the network is not. Only workers are remembered — desktops have no
 * offline use — and the entry goes with sign-out or an expired session.
 */
export function rememberUser(user: Me): void {
  try {
    if (user.role === 'worker') localStorage.setItem(KEY, JSON.stringify(user))
    else localStorage.removeItem(KEY)
  } catch {
    // Storage full or disabled: the app still works online.
  }
}

export function rememberedUser(): Me | null {
  try {
    const raw = localStorage.getItem(KEY)
    return raw ? (JSON.parse(raw) as Me) : null
  } catch {
    return null
  }
}

export function forgetUser(): void {
  try {
    localStorage.removeItem(KEY)
  } catch {
    // nothing to forget
  }
}
