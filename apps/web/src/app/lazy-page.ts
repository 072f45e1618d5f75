import type { ComponentType } from 'react'

/**
 * A route's `lazy` that never rejects: a chunk that cannot be fetched (offline before the service worker had it)
 * becomes a page that throws the fetch's error when rendered, so the route's ErrorBoundary (route-error-page.tsx)
 * shows it. A rejected `lazy` stays pending in React Router's eyes, and the router renders an empty page instead
 * of any boundary.
 */
export function lazyPage(
  load: () => Promise<{ Component: ComponentType }>,
): () => Promise<{ Component: ComponentType }> {
  return () =>
    load().catch((error: unknown) => ({
      Component: function PageCodeMissing(): never {
        throw error
      },
    }))
}
