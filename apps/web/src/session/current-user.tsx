import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import type { Me } from '../api/account-types.ts'
import { ApiError, isAbortError } from '../api/api-error.ts'
import { fetchMe, logout } from '../api/auth.ts'
import { onUnauthorized } from '../api/unauthorized.ts'
import { forgetUser, rememberedUser, rememberUser } from './offline-user.ts'

/** Why nobody is signed in: the login page words its notice (or none) after it. */
export type SignedOutReason = 'initial' | 'expired' | 'logout'

export type Session =
  | { status: 'loading' }
  | { status: 'error'; error: Error }
  | { status: 'signedOut'; reason: SignedOutReason }
  | { status: 'signedIn'; user: Me }

interface SessionContext {
  session: Session
  /** The login form calls this with the user the server signed in. */
  signedIn: (user: Me) => void
  /** Ends the session on the server; rejects (and keeps the user) when that fails. */
  signOut: () => Promise<void>
  /** Asks /api/auth/me again after a network failure. */
  retry: () => void
}

const Context = createContext<SessionContext | null>(null)

/**
 * Loads GET /api/auth/me once for the whole app and keeps the answer. Any later 401 from any API call (reported
 * by the API client) turns the session into "expired", which the route guard answers by sending the user to the
 * login page.
 */
export function CurrentUserProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session>({ status: 'loading' })
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    const controller = new AbortController()
    fetchMe(controller.signal).then(
      (user) => {
        rememberUser(user)
        setSession({ status: 'signedIn', user })
      },
      (error: unknown) => {
        if (controller.signal.aborted || isAbortError(error)) return
        const offlineUser = error instanceof ApiError && error.code === 'NETWORK_ERROR' ? rememberedUser() : null
        if (error instanceof ApiError && error.statusCode === 401) {
          forgetUser()
          setSession({ status: 'signedOut', reason: 'initial' })
        } else if (offlineUser) {
          // No network on a street corner: a worker keeps working from the phone; the outbox sends later.
          setSession({ status: 'signedIn', user: offlineUser })
        } else setSession({ status: 'error', error: error instanceof Error ? error : new Error(String(error)) })
      },
    )
    return () => controller.abort()
  }, [attempt])

  useEffect(
    () =>
      onUnauthorized(() => {
        forgetUser()
        // Only a session that was signed in can expire; a 401 while loading is the initial "not signed in".
        setSession((current) => (current.status === 'signedIn' ? { status: 'signedOut', reason: 'expired' } : current))
      }),
    [],
  )

  const signedIn = useCallback((user: Me) => {
    rememberUser(user)
    setSession({ status: 'signedIn', user })
  }, [])
  const signOut = useCallback(async () => {
    // Forget the user only once the server has ended the session: on a shared phone a sign-out that failed
    // silently would leave the next person signed in as this one. A failure rejects, for the caller to show.
    await logout()
    forgetUser()
    setSession({ status: 'signedOut', reason: 'logout' })
  }, [])
  const retry = useCallback(() => {
    setSession({ status: 'loading' })
    setAttempt((n) => n + 1)
  }, [])

  const value = useMemo(() => ({ session, signedIn, signOut, retry }), [session, signedIn, signOut, retry])
  return <Context.Provider value={value}>{children}</Context.Provider>
}

export function useSession(): SessionContext {
  const context = useContext(Context)
  if (context === null) throw new Error('useSession() must be used inside <CurrentUserProvider>')
  return context
}

/** The signed-in user; only pages behind <RequireSignIn> may ask, and there one always exists. */
export function useCurrentUser(): Me {
  const { session } = useSession()
  if (session.status !== 'signedIn') throw new Error('useCurrentUser() must be used behind <RequireSignIn>')
  return session.user
}
