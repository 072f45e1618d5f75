import { useMemo, useState } from 'react'
import { sortRanking } from './sort-ranking.ts'
import { useApiQuery } from '../api/use-api-query.ts'
import { rankingExportUrl, rankingQuery, type RankingSort, type RankingSubject } from './dashboard-api.ts'
import { useDashboardText } from './dashboard-messages.ts'
import { formatHours, formatShare } from './format.ts'
import { Panel } from './panel.tsx'
import type { Period } from './period.ts'

const COLUMNS: { sort: Exclude<RankingSort, 'code'>; kind: 'count' | 'share' | 'hours' }[] = [
  { sort: 'reported', kind: 'count' },
  { sort: 'closed', kind: 'count' },
  { sort: 'closureRate', kind: 'share' },
  { sort: 'onTimeRate', kind: 'share' },
  { sort: 'reworkRate', kind: 'share' },
  { sort: 'extensionRate', kind: 'share' },
  { sort: 'averageHandlingHours', kind: 'hours' },
]

/**
 * One ranking (communities, areas, unit grids, departments or workers) as a table sorted by any column — a click
 * on a column's head sorts by it, a second click turns the order — and exported to XLSX in the order shown.
 */
export function RankingPanel({ period, subjects }: { period: Period; subjects: readonly RankingSubject[] }) {
  const { m } = useDashboardText()
  const [chosen, setChosen] = useState<RankingSubject | null>(null)
  const subject = chosen && subjects.includes(chosen) ? chosen : subjects[0]!
  const [sort, setSort] = useState<RankingSort>('reported')
  const [order, setOrder] = useState<'asc' | 'desc'>('desc')
  const { resource, retry } = useApiQuery(rankingQuery(period, subject))
  const rows = useMemo(
    () => (resource.status === 'ready' ? sortRanking(resource.data.rows, sort, order) : []),
    [resource, sort, order],
  )
  const sortBy = (column: RankingSort) => {
    if (column === sort) setOrder(order === 'desc' ? 'asc' : 'desc')
    else {
      setSort(column)
      setOrder(column === 'code' ? 'asc' : 'desc')
    }
  }
  const head = (column: RankingSort, label: string) => (
    <th scope="col" aria-sort={sort === column ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="sort-button" onClick={() => sortBy(column)} title={m.rankings.sortBy(label)}>
        {label}
        {sort === column ? (order === 'asc' ? ' ▲' : ' ▼') : ''}
      </button>
    </th>
  )
  return (
    <Panel
      title={m.rankings.title}
      resource={resource}
      retry={retry}
      testId="dashboard-ranking"
      actions={
        <div className="row-actions">
          <div className="segmented" role="group" aria-label={m.rankings.title}>
            {subjects.map((s) => (
              <button key={s} type="button" aria-pressed={s === subject} onClick={() => setChosen(s)}>
                {m.rankings.subjects[s]}
              </button>
            ))}
          </div>
          <a
            className="button-link"
            href={rankingExportUrl(period, subject, sort, order)}
            download
            data-testid="ranking-export"
          >
            {m.rankings.export}
          </a>
        </div>
      }
    >
      {() =>
        rows.length === 0 ? (
          <p className="muted">{m.empty}</p>
        ) : (
          <div className="table-scroll ranking-scroll">
            <table className="data-table ranking-table">
              <thead>
                <tr>
                  <th scope="col">{m.rankings.rank}</th>
                  {head('code', m.rankings.subjects[subject])}
                  {COLUMNS.map((c) => head(c.sort, m.figures[c.sort]))}
                </tr>
              </thead>
              <tbody>
                {rows.map((row, i) => (
                  <tr key={row.key.id}>
                    <td>{i + 1}</td>
                    <th scope="row">
                      {row.key.name}
                      <span className="muted small"> {row.key.code}</span>
                    </th>
                    {COLUMNS.map((c) => {
                      const value = row.figures[c.sort]
                      return (
                        <td key={c.sort} className="number">
                          {c.kind === 'count' ? value : c.kind === 'share' ? formatShare(value) : formatHours(value)}
                        </td>
                      )
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      }
    </Panel>
  )
}
