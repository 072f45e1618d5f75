import { useQueryClient } from '@tanstack/react-query'
import { shanghaiMidnightOf } from '@wangge/sla'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { gridLayerQuery } from '../api/grids.ts'
import type { GridIndicators } from '../api/incident-types.ts'
import { fetchCommunityIndicators } from '../api/incidents.ts'
import { useApiQuery } from '../api/use-api-query.ts'
import { errorMessage } from '../i18n/error-message.ts'
import { useLiveConnection } from './live-connection.tsx'

/**
 * Today's figures per community for the manager: reported, closed, on-time rate (GET /api/stats/grids). Read
 * again whenever the live connection catches up, and on demand; counting them from events would duplicate the
 * server's rules for what "on time" means.
 */
export function CommunityIndicators() {
  const { t } = useTranslation()
  const { caughtUpAt } = useLiveConnection()
  const queryClient = useQueryClient()
  // Every community gets a row, with zeros when nothing was reported there today (the stats list only those with reports).
  const { resource, retry } = useApiQuery({
    queryKey: ['stats', 'grids', { level: 1, day: 'today' }],
    queryFn: async ({ signal }): Promise<GridIndicators[]> => {
      // "Today" is the Shanghai day at the time of reading, so a page left open past midnight turns over on its next read.
      const from = shanghaiMidnightOf(Date.now())
      const to = new Date(from.getTime() + 86_400_000)
      const [communities, rows] = await Promise.all([
        queryClient.fetchQuery(gridLayerQuery({ level: 1, zoom: 11 })),
        fetchCommunityIndicators(from.toISOString(), to.toISOString(), signal),
      ])
      const byId = new Map(rows.map((r) => [r.key.id, r]))
      return communities.features
        .map((f) => f.properties)
        .sort((a, b) => a.code.localeCompare(b.code))
        .map(
          (c) =>
            byId.get(c.id) ?? {
              key: { id: c.id, code: c.code, name: c.name },
              reported: 0,
              closed: 0,
              closedOnTime: 0,
              onTimeRate: null,
            },
        )
    },
  })
  // Back after a drop: what happened meanwhile is in the figures only once they are read again.
  useEffect(() => {
    if (caughtUpAt !== null) void queryClient.invalidateQueries({ queryKey: ['stats', 'grids'] })
  }, [caughtUpAt, queryClient])
  return (
    <section className="community-indicators" data-testid="community-indicators">
      <h3>
        {t('live.indicators.title')}{' '}
        <button type="button" className="link-button" onClick={retry}>
          {t('live.indicators.refresh')}
        </button>
      </h3>
      {resource.status === 'error' && <p role="alert">{errorMessage(t, resource.error)}</p>}
      {resource.status === 'ready' && (
        <table>
          <thead>
            <tr>
              <th>{t('live.indicators.community')}</th>
              <th>{t('live.indicators.reported')}</th>
              <th>{t('live.indicators.closed')}</th>
              <th>{t('live.indicators.onTimeRate')}</th>
            </tr>
          </thead>
          <tbody>
            {resource.data.map((row) => (
              <tr key={row.key.id}>
                <td>{row.key.name}</td>
                <td>{row.reported}</td>
                <td>{row.closed}</td>
                <td>{row.onTimeRate === null ? '—' : `${Math.round(row.onTimeRate * 100)}%`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
