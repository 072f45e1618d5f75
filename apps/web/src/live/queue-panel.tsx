import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { isOverdue, isSlaRunning } from '@wangge/workflow'
import type { IncidentFilters, IncidentPoint } from '../api/incident-types.ts'
import { formatTime } from '../i18n/format-time.ts'
import {
  QUEUE_SHOWN as SHOWN,
  useServerQueue,
  type QueueSection as Section,
  type QueueSectionContent,
} from './use-server-queue.ts'

/** "Due soon": dispatched or in progress, due within this many hours (the contract's DUE_SOON_HOURS, the desk's 即将到期). */
const DUE_SOON_MS = 4 * 3600_000

/**
 * What needs the supervisor now, kept current by the live events: new reports, cases due soon, overdue cases. From
 * the map's points when they are all the cases; at city scale (the points are the newest only) from the server's
 * queues under the same filters.
 */
export function QueuePanel({
  points,
  filters,
  cityScale,
  onOpen,
}: {
  points: ReadonlyMap<string, IncidentPoint>
  filters: IncidentFilters
  cityScale: boolean
  onOpen: (id: string) => void
}) {
  const { t, i18n } = useTranslation()
  // "Due soon" and "overdue" move with the clock as well as with events.
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000)
    return () => clearInterval(timer)
  }, [])

  const fromPoints = useMemo(() => queueOf(points, now), [points, now])
  const sections = useServerQueue(filters, cityScale) ?? fromPoints
  return (
    <div className="queue-panel" data-testid="queue-panel">
      {(['toRegister', 'dueSoon', 'overdue'] as const).map((section) => (
        <section key={section} className={`queue-section queue-${section}`} data-testid={`queue-${section}`}>
          <h3>
            {t(`live.queue.${section}`)} <span className="queue-count">{sections[section].count}</span>
          </h3>
          {sections[section].count === 0 ? (
            <p className="queue-empty">{t('live.queue.empty')}</p>
          ) : (
            <ul>
              {sections[section].entries.slice(0, SHOWN).map((p) => (
                <li key={p.id}>
                  <button
                    type="button"
                    className="queue-entry"
                    data-testid="queue-entry"
                    data-incident-id={p.id}
                    onClick={() => onOpen(p.id)}
                  >
                    <span className="queue-case">{p.caseNumber}</span>
                    <span className="queue-description">{p.description}</span>
                    <span className="queue-time">
                      {section === 'toRegister'
                        ? p.createdAt && formatTime(p.createdAt, i18n.language)
                        : t('live.queue.due', { time: formatTime(p.dueAt!, i18n.language) })}
                    </span>
                  </button>
                </li>
              ))}
              {sections[section].count > SHOWN && (
                <li className="queue-more">{t('live.queue.more', { count: sections[section].count - SHOWN })}</li>
              )}
            </ul>
          )}
        </section>
      ))}
    </div>
  )
}

function queueOf(points: ReadonlyMap<string, IncidentPoint>, now: number): Record<Section, QueueSectionContent> {
  const toRegister: IncidentPoint[] = []
  const dueSoon: IncidentPoint[] = []
  const overdue: IncidentPoint[] = []
  for (const p of points.values()) {
    if (p.status === 'reported') toRegister.push(p)
    else if (isOverdue(p, now)) overdue.push(p)
    else if (isSlaRunning(p.status) && p.dueAt !== null && Date.parse(p.dueAt) - now < DUE_SOON_MS) dueSoon.push(p)
  }
  toRegister.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))
  const byDue = (a: IncidentPoint, b: IncidentPoint) => Date.parse(a.dueAt!) - Date.parse(b.dueAt!)
  const section = (entries: IncidentPoint[]) => ({ entries, count: entries.length })
  return {
    toRegister: section(toRegister),
    dueSoon: section(dueSoon.sort(byDue)),
    overdue: section(overdue.sort(byDue)),
  }
}
