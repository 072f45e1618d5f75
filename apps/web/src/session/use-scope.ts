import type { Scope } from '../api/account-types.ts'
import { scopeQuery } from '../api/auth.ts'
import { useApiQuery, type ApiResource } from '../api/use-api-query.ts'
import { useCurrentUser } from './current-user.tsx'

/** GET /api/auth/scope for the signed-in user; keyed by user so a new sign-in never sees the last one's scope. */
export function useScope(): ApiResource<Scope> {
  const user = useCurrentUser()
  return useApiQuery(scopeQuery(user.id)).resource
}
