import { useMemo } from 'react'
import { sortRanking } from '../sort-ranking.ts'
import { useApiQuery } from '../../api/use-api-query.ts'
import type { rankingQuery } from '../dashboard-api.ts'
import { Chart } from '../chart.tsx'
import type { ChartOption } from '../echarts.ts'
import { formatShare } from '../format.ts'

/** A ranking on the wall: horizontal bars, largest first, the figure written at each bar's end. */
export function ScreenRanking({
  query,
  title,
  measure,
}: {
  query: ReturnType<typeof rankingQuery>
  title: string
  measure: 'reported' | 'onTimeRate'
}) {
  const { resource } = useApiQuery(query)
  const rows = useMemo(
    () => (resource.status === 'ready' ? sortRanking(resource.data.rows, measure, 'desc').slice(0, 9) : []),
    [resource, measure],
  )
  const option = useMemo<ChartOption>(() => {
    const value = (r: (typeof rows)[number]) =>
      measure === 'reported' ? r.figures.reported : Math.round((r.figures.onTimeRate ?? 0) * 1000) / 10
    return {
      backgroundColor: 'transparent',
      grid: { left: 8, right: 56, top: 4, bottom: 4, containLabel: true },
      xAxis: { type: 'value', show: false, max: measure === 'reported' ? undefined : 100 },
      yAxis: {
        type: 'category',
        inverse: true,
        data: rows.map((r) => r.key.name),
        axisLabel: { color: '#cfe3ff', fontSize: 18 },
        axisLine: { show: false },
        axisTick: { show: false },
      },
      series: [
        {
          type: 'bar',
          data: rows.map(value),
          barWidth: 16,
          itemStyle: { color: measure === 'reported' ? '#4fa3ff' : '#3ddc97', borderRadius: 8 },
          label: {
            show: true,
            position: 'right',
            color: '#ffffff',
            fontSize: 18,
            formatter: measure === 'reported' ? '{c}' : '{c}%',
          },
        },
      ],
    }
  }, [rows, measure])
  return (
    <section className="screen-panel" aria-label={title}>
      <h2>{title}</h2>
      <Chart option={option} label={title} height={Math.max(120, rows.length * 34 + 8)} theme="dark" />
      <table className="visually-hidden">
        <tbody>
          {rows.map((r) => (
            <tr key={r.key.id}>
              <th scope="row">{r.key.name}</th>
              <td>{measure === 'reported' ? r.figures.reported : formatShare(r.figures.onTimeRate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
