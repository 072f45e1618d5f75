import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { isRouteErrorResponse, useRouteError } from 'react-router'

/**
 * What a route shows instead of React Router's English developer page when its code or its page fails: most
 * often a page's chunk that could not be fetched (no network before the service worker had it), so the words say
 * so and "retry" reloads the page — the router keeps a failed lazy route failed, a reload asks again. Coming back
 * online reloads by itself when the network was the cause.
 */
export function RouteErrorPage() {
  const { t } = useTranslation()
  const error = useRouteError()
  const [offline, setOffline] = useState(() => typeof navigator !== 'undefined' && navigator.onLine === false)
  const chunkFailed = isChunkLoadError(error)

  useEffect(() => {
    const wentOffline = () => setOffline(true)
    const cameBack = () => {
      setOffline(false)
      if (chunkFailed) window.location.reload()
    }
    window.addEventListener('offline', wentOffline)
    window.addEventListener('online', cameBack)
    return () => {
      window.removeEventListener('offline', wentOffline)
      window.removeEventListener('online', cameBack)
    }
  }, [chunkFailed])

  const notFound = isRouteErrorResponse(error) && error.status === 404
  useEffect(() => {
    // For the developer's console: the page itself says nothing technical.
    if (!notFound) console.error(error)
  }, [error, notFound])
  return (
    <div className="page-message route-error" role="alert" data-testid="route-error">
      <h1>{notFound ? t('notFound.title') : t('errorPage.title')}</h1>
      {!notFound && <p>{offline ? t('errorPage.offline') : t('errorPage.failed')}</p>}
      <p className="route-error-actions">
        <button
          type="button"
          className="primary-button"
          onClick={() => window.location.reload()}
          data-testid="route-error-retry"
        >
          {t('errorPage.retry')}
        </button>
        <a href="/">{t('errorPage.home')}</a>
      </p>
    </div>
  )
}

/** A dynamic import that failed to fetch: Chromium, Firefox and Safari each word it their own way. */
function isChunkLoadError(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  return /dynamically imported module|Importing a module script failed|error loading dynamically imported module|Failed to fetch/i.test(
    error.message,
  )
}
