import { useMemo } from 'react'
import type { DashboardStations } from './dashboard-api.ts'
import { Chart } from './chart.tsx'
import type { ChartOption } from './echarts.ts'
import { useDashboardText } from './dashboard-messages.ts'
import { formatShare } from './format.ts'
import { AsTable } from './panel.tsx'

/** The stations' compliant share over the period and, now, how many stations fail each of the six haves. */
export function StationsFigures({ stations }: { stations: DashboardStations }) {
  const { m } = useDashboardText()
  const shareOption = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 48, right: 16, top: 16, bottom: 32 },
      xAxis: { type: 'category', data: stations.series.map((p) => p.at.slice(5, 10)) },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        {
          name: m.stations.share,
          type: 'line',
          areaStyle: { opacity: 0.15 },
          data: stations.series.map((p) => (p.share === null ? null : Math.round(p.share * 1000) / 10)),
          itemStyle: { color: '#0f5e6e' },
        },
      ],
    }),
    [stations, m],
  )
  const failureOption = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category',
        inverse: true,
        data: stations.failures.map((f) => m.stations.items[f.item] ?? f.item),
      },
      series: [
        {
          name: m.stations.failures,
          type: 'bar',
          data: stations.failures.map((f) => f.stations),
          itemStyle: { color: '#c2410c' },
        },
      ],
    }),
    [stations, m],
  )
  return (
    <div className="breakdown-grid">
      <div>
        <h3>{m.stations.share}</h3>
        <Chart option={shareOption} label={m.stations.share} height={220} />
        <AsTable
          head={[m.stations.at, m.stations.stations, m.stations.compliant, m.stations.share]}
          rows={stations.series.map((p) => [p.at.slice(0, 10), p.stations, p.compliant, formatShare(p.share)])}
        />
      </div>
      <div>
        <h3>{m.stations.failures}</h3>
        <Chart option={failureOption} label={m.stations.failures} height={220} />
        <AsTable
          head={[m.stations.item, m.stations.stations]}
          rows={stations.failures.map((f) => [m.stations.items[f.item] ?? f.item, f.stations])}
        />
      </div>
    </div>
  )
}
