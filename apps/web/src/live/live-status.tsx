import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useLiveConnection } from './live-connection.tsx'

/** How long "caught up" stays on screen after a reconnect. */
const CAUGHT_UP_NOTICE_MS = 8000

/** The live connection's state, in words a supervisor can trust: down, catching up, caught up again, live. */
export function LiveStatus() {
  const { t } = useTranslation()
  const { status, caughtUpAt } = useLiveConnection()
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (caughtUpAt === null) return
    setNow(Date.now())
    const timer = setTimeout(() => setNow(Date.now()), CAUGHT_UP_NOTICE_MS)
    return () => clearTimeout(timer)
  }, [caughtUpAt])

  const justCaughtUp = status === 'live' && caughtUpAt !== null && now - caughtUpAt < CAUGHT_UP_NOTICE_MS
  const shown = justCaughtUp ? 'caughtUp' : status
  return (
    <p className={`live-status live-status-${shown}`} data-testid="live-status" data-state={status} role={status === 'down' ? 'alert' : 'status'}>
      <span className="live-status-dot" aria-hidden="true" />
      {t(`live.status.${shown}`)}
    </p>
  )
}
