import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useLiveConnection } from './live-connection.tsx'

/** How long "caught up" stays on screen after a reconnect. */
const CAUGHT_UP_NOTICE_MS = 8000

/** The live connection's state, in words a supervisor can trust: down, catching up, caught up again, live. */
export function LiveStatus() {
  const { t } = useTranslation()
  const { status, caughtUpAt } = useLiveConnection()
  // The catch-up whose notice has had its time; caughtUpAt is stamped when the connection catches up, so a newer one
  // shows at once and its timer retires it.
  const [retiredAt, setRetiredAt] = useState<number | null>(null)
  useEffect(() => {
    if (caughtUpAt === null) return
    const timer = setTimeout(() => setRetiredAt(caughtUpAt), CAUGHT_UP_NOTICE_MS)
    return () => clearTimeout(timer)
  }, [caughtUpAt])

  const justCaughtUp = status === 'live' && caughtUpAt !== null && retiredAt !== caughtUpAt
  const shown = justCaughtUp ? 'caughtUp' : status
  return (
    <p
      className={`live-status live-status-${shown}`}
      data-testid="live-status"
      data-state={status}
      role={status === 'down' ? 'alert' : 'status'}
    >
      <span className="live-status-dot" aria-hidden="true" />
      {t(`live.status.${shown}`)}
    </p>
  )
}
