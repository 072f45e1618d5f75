import { useEffect, useState } from 'react'

const formatters = new Map<string, { date: Intl.DateTimeFormat; time: Intl.DateTimeFormat }>()

function formattersOf(language: string) {
  let f = formatters.get(language)
  if (!f) {
    f = {
      date: new Intl.DateTimeFormat(language, {
        timeZone: 'Asia/Shanghai',
        year: 'numeric',
        month: 'long',
        day: 'numeric',
        weekday: 'long',
      }),
      time: new Intl.DateTimeFormat(language, {
        timeZone: 'Asia/Shanghai',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
      }),
    }
    formatters.set(language, f)
  }
  return f
}

/** The command centre's clock, on Beijing time whatever the display machine's zone. */
export function ScreenClock({ language }: { language: string }) {
  const [now, setNow] = useState(() => new Date())
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1000)
    return () => clearInterval(timer)
  }, [])
  const f = formattersOf(language)
  return (
    <div className="screen-clock" data-testid="screen-clock">
      <time className="screen-time" dateTime={now.toISOString()}>
        {f.time.format(now)}
      </time>
      <span className="screen-date">{f.date.format(now)}</span>
    </div>
  )
}
