import './escalation.css'
import type { SupervisedCase } from '@wangge/contract'
import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { apiFetch } from '../api/client.ts'
import { formatTime } from '../i18n/format-time.ts'

/** Cases under 督办, pinned at the top of the dashboard until they are closed. */
export function SupervisedCases() {
  const { t, i18n } = useTranslation()
  const cases = useQuery({
    queryKey: ['escalation', 'supervised'],
    queryFn: ({ signal }) => apiFetch<SupervisedCase[]>('/escalation/supervised', { signal }),
    refetchInterval: 60_000,
  })
  if (!cases.data) return null
  return (
    <section className="supervised-cases" aria-labelledby="supervised-heading" data-testid="supervised-cases">
      <h2 id="supervised-heading">{t('escalation.pinned')}</h2>
      {cases.data.length === 0 ? (
        <p className="muted">{t('escalation.pinnedEmpty')}</p>
      ) : (
        <ul>
          {cases.data.map((c) => (
            <li key={c.id}>
              <Link to={`/incidents/${c.id}`}>{c.caseNumber}</Link> · {c.category} · {c.description}
              {c.dueAt && <span> · {t('escalation.dueAt', { time: formatTime(c.dueAt, i18n.language) })}</span>}
              <span className="muted"> · {t('escalation.by', { name: c.supervisedBy })}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
