import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { AssessmentMonth, AssessmentSheetKind } from '@wangge/contract'
import { apiFetch } from '../api/client.ts'
import { errorMessage } from '../i18n/error-message.ts'
import { formatTime } from '../i18n/format-time.ts'
import { useCurrentUser } from '../session/current-user.tsx'
import type { Messages } from '../i18n/locales/zh-CN.ts'
import './assessment.css'

const SHEETS: readonly AssessmentSheetKind[] = ['worker', 'department', 'community']
/** Indicator keys of each sheet, in the API's order (assessment-indicators.ts); rates show as per cent. */
type IndicatorKey = keyof Messages['assessment']['indicators']
const COLUMNS: Record<AssessmentSheetKind, readonly IndicatorKey[]> = {
  worker: ['reports', 'validRate', 'coverage', 'patrolHours', 'selfHandled'],
  department: ['onTimeRate', 'reworkRate', 'extensionRate', 'avgHandlingHours'],
  community: ['validRate', 'onTimeRate', 'closeRate', 'coverage'],
}
const RATES = new Set(['validRate', 'coverage', 'onTimeRate', 'reworkRate', 'extensionRate', 'closeRate'])

function figure(key: string, value: number | null | undefined): string {
  if (value === null || value === undefined) return '—'
  return RATES.has(key) ? `${(value * 100).toFixed(1)}%` : String(value)
}

/** The last 36 months, newest first ('YYYY-MM'), the current one included: a select reads the same in every locale. */
function recentMonths(): string[] {
  const now = new Date(Date.now() + 8 * 3600_000)
  return Array.from({ length: 36 }, (_, i) =>
    new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1)).toISOString().slice(0, 7),
  )
}

function lastMonth(): string {
  const now = new Date(Date.now() + 8 * 3600_000)
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1))
  return d.toISOString().slice(0, 7)
}

/**
 * `/assessment` (月度考核): the month's sheets per worker, department and community with scores and ranks; a manager
 * closes a finished month (frozen, audited), after which corrections show as adjustments; XLSX for filing upward.
 */
export function AssessmentPage() {
  const { t, i18n } = useTranslation()
  const user = useCurrentUser()
  const client = useQueryClient()
  const [month, setMonth] = useState(lastMonth)
  const [sheet, setSheet] = useState<AssessmentSheetKind>('worker')
  const query = useQuery({
    queryKey: ['assessment', month],
    queryFn: ({ signal }) => apiFetch<AssessmentMonth>(`/assessment/${month}`, { signal }),
  })
  const close = useMutation({
    mutationFn: () => apiFetch<AssessmentMonth>(`/assessment/${month}/close`, { method: 'POST' }),
    onSuccess: (data) => client.setQueryData(['assessment', month], data),
  })
  const data = query.data

  return (
    <div className="assessment-page">
      <header className="assessment-head">
        <h1>{t('assessment.title')}</h1>
        <label>
          {t('assessment.month')}{' '}
          <select value={month} onChange={(e) => setMonth(e.target.value)} data-testid="assessment-month">
            {recentMonths().map((m) => (
              <option key={m} value={m}>
                {t('assessment.monthName', { year: m.slice(0, 4), month: Number(m.slice(5)) })}
              </option>
            ))}
          </select>
        </label>
        <a className="secondary-button assessment-export" href={`/api/assessment/${month}/export`} download>
          {t('assessment.export')}
        </a>
        {user.role === 'manager' && data && !data.closed && (
          <button
            type="button"
            className="primary-button"
            disabled={close.isPending}
            onClick={() => {
              if (window.confirm(t('assessment.confirmClose', { month }))) close.mutate()
            }}
          >
            {close.isPending ? t('assessment.closing') : t('assessment.close')}
          </button>
        )}
      </header>
      {query.isError && <p role="alert">{t('assessment.loadFailed', { message: errorMessage(t, query.error) })}</p>}
      {close.isError && <p role="alert">{errorMessage(t, close.error)}</p>}
      {data && (
        <>
          <p className="assessment-note" data-testid="assessment-state">
            {data.closed
              ? t('assessment.closed', { time: formatTime(data.closed.at, i18n.language), name: data.closed.byName })
              : t('assessment.open')}
          </p>
          <div className="assessment-tabs" role="tablist">
            {SHEETS.map((kind) => (
              <button key={kind} type="button" role="tab" aria-selected={sheet === kind} onClick={() => setSheet(kind)}>
                {t(`assessment.sheets.${kind}`)}
              </button>
            ))}
          </div>
          <table className="assessment-table" data-testid="assessment-table">
            <thead>
              <tr>
                <th>{t('assessment.rank')}</th>
                <th>{t('assessment.name')}</th>
                {COLUMNS[sheet].map((key) => (
                  <th key={key}>{t(`assessment.indicators.${key}`)}</th>
                ))}
                <th>{t('assessment.score')}</th>
              </tr>
            </thead>
            <tbody>
              {data.sheets[sheet].map((row) => (
                <tr key={row.id}>
                  <td>{row.rank}</td>
                  <td>{row.name}</td>
                  {COLUMNS[sheet].map((key) => (
                    <td key={key}>{figure(key, row.figures[key])}</td>
                  ))}
                  <td>{row.score.toFixed(1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {data.closed && (
            <section aria-labelledby="assessment-adjustments">
              <h2 id="assessment-adjustments">{t('assessment.adjustments', { count: data.adjustments.length })}</h2>
              {data.adjustments.length === 0 ? (
                <p className="assessment-note">{t('assessment.noAdjustments')}</p>
              ) : (
                <table className="assessment-table">
                  <thead>
                    <tr>
                      <th>{t('assessment.name')}</th>
                      <th>{t('assessment.indicator')}</th>
                      <th>{t('assessment.closedValue')}</th>
                      <th>{t('assessment.nowValue')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.adjustments.map((a) => (
                      <tr key={`${a.sheet}-${a.id}-${a.indicator}`}>
                        <td>
                          {t(`assessment.sheets.${a.sheet}`)} · {a.name}
                        </td>
                        <td>{t(`assessment.indicators.${a.indicator as IndicatorKey}`)}</td>
                        <td>{figure(a.indicator, a.closed)}</td>
                        <td>{figure(a.indicator, a.now)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          )}
        </>
      )}
    </div>
  )
}
