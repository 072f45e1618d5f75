import { useEffect, useState } from 'react'
import { shanghaiMidnightOf } from '@wangge/sla'

/** Past the midnight itself, so that a timer that fires a little early still finds the new day. */
const AFTER_MIDNIGHT_MS = 250

/**
 * The Shanghai midnight that began today (ms since the epoch), turned over when the next one passes: a page left open
 * overnight — the command centre's wall display, a live map filtered to today — starts its "today" afresh without a
 * reload. Timers stop while a machine sleeps and are slowed in a hidden tab, so the day is read again whenever the
 * page is shown.
 */
export function useShanghaiToday(): number {
  const [today, setToday] = useState(() => shanghaiMidnightOf(Date.now()).getTime())
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const check = () => {
      const now = Date.now()
      setToday(shanghaiMidnightOf(now).getTime())
      clearTimeout(timer)
      timer = setTimeout(check, shanghaiMidnightOf(now, -1).getTime() - now + AFTER_MIDNIGHT_MS)
    }
    const onShown = () => {
      if (document.visibilityState === 'visible') check()
    }
    check()
    document.addEventListener('visibilitychange', onShown)
    return () => {
      clearTimeout(timer)
      document.removeEventListener('visibilitychange', onShown)
    }
  }, [])
  return today
}
