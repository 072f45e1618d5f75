import type { Scope } from '../api/account-types.ts'
import { fetchScope } from '../api/auth.ts'
import { useApiResource, type ApiResource } from '../api/use-api-resource.ts'
import { useCurrentUser } from './current-user.tsx'

/** GET /api/auth/scope for the signed-in user; keyed by user so a new sign-in never sees the last one's scope. */
export function useScope(): ApiResource<Scope> {
  const user = useCurrentUser()
  return useApiResource(`scope:${user.id}`, fetchScope).resource
}
