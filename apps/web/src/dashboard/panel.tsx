import type { ReactNode } from 'react'
import type { ApiResource } from '../api/use-api-query.ts'
import { errorMessage } from '../i18n/error-message.ts'
import { useTranslation } from 'react-i18next'
import { useDashboardText } from './dashboard-messages.ts'

/** A titled dashboard panel that shows its resource's loading and error states, and its content once ready. */
export function Panel<T>({
  title,
  resource,
  retry,
  actions,
  className,
  testId,
  children,
}: {
  title: string
  resource: ApiResource<T>
  retry: () => void
  actions?: ReactNode
  className?: string
  testId?: string
  children: (data: T) => ReactNode
}) {
  const { m } = useDashboardText()
  const { t } = useTranslation()
  return (
    <section className={`dashboard-panel ${className ?? ''}`} data-testid={testId} aria-label={title}>
      <div className="panel-heading">
        <h2>{title}</h2>
        {actions}
      </div>
      {resource.status === 'ready' ? (
        children(resource.data)
      ) : resource.status === 'error' ? (
        <p role="alert" className="dashboard-error">
          {errorMessage(t, resource.error)}{' '}
          <button type="button" onClick={retry}>
            {m.retry}
          </button>
        </p>
      ) : (
        <p className="muted">{m.loading}</p>
      )}
    </section>
  )
}

/** The same figures as a chart's, as a table for screen readers and for copying: folded under the chart. */
export function AsTable({ head, rows }: { head: string[]; rows: (string | number)[][] }) {
  const { m } = useDashboardText()
  return (
    <details className="chart-table">
      <summary>{m.asTable}</summary>
      <div className="table-scroll">
        <table className="data-table">
          <thead>
            <tr>
              {head.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={i}>
                {row.map((cell, j) => (
                  <td key={j}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  )
}
