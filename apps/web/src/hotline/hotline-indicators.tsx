import { queryOptions } from '@tanstack/react-query'
import type { HotlineIndicators } from '@wangge/contract'
import { SHANGHAI_UTC_OFFSET_MS } from '@wangge/sla'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { apiFetch } from '../api/client.ts'
import { useApiQuery } from '../api/use-api-query.ts'

/** The first instant of this month and of the next, Beijing time, as the indicators' period. */
function thisMonth(now: number): { from: string; to: string } {
  const wall = new Date(now + SHANGHAI_UTC_OFFSET_MS)
  const start = (month: number) =>
    new Date(Date.UTC(wall.getUTCFullYear(), month, 1) - SHANGHAI_UTC_OFFSET_MS).toISOString()
  return { from: start(wall.getUTCMonth()), to: start(wall.getUTCMonth() + 1) }
}

const indicatorsQuery = (period: { from: string; to: string }) =>
  queryOptions({
    queryKey: ['hotline', 'indicators', period.from],
    queryFn: ({ signal }) => apiFetch<HotlineIndicators>('/stats/hotline', { query: period, signal }),
  })

const RATES = ['signOnTimeRate', 'finishOnTimeRate', 'satisfactionRate', 'redoRate'] as const

/** This month's four hotline indicators over the orders received in it, as the statistics API counts them. */
export function HotlineIndicatorStrip() {
  const { t } = useTranslation()
  const [period] = useState(() => thisMonth(Date.now()))
  const { resource } = useApiQuery(indicatorsQuery(period))
  if (resource.status !== 'ready') return null
  const figures = resource.data
  return (
    <dl className="hotline-indicators" data-testid="hotline-indicators" aria-label={t('hotline.indicators.title')}>
      <div>
        <dt>{t('hotline.indicators.received')}</dt>
        <dd>{figures.received}</dd>
      </div>
      {RATES.map((rate) => (
        <div key={rate}>
          <dt>{t(`hotline.indicators.${rate}`)}</dt>
          <dd>{figures[rate] === null ? '—' : `${(figures[rate] * 100).toFixed(1)}%`}</dd>
        </div>
      ))}
    </dl>
  )
}
