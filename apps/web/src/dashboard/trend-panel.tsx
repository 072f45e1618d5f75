import { useMemo } from 'react'
import type { DashboardTrend } from './dashboard-api.ts'
import { Chart } from './chart.tsx'
import type { ChartOption } from './echarts.ts'
import { useDashboardText, type DashboardMessages } from './dashboard-messages.ts'
import { formatShare } from './format.ts'
import { AsTable } from './panel.tsx'

/** Reports and closures as bars, the on-time share as a line on its own axis. */
function trendOption(trend: DashboardTrend, m: DashboardMessages, dark = false): ChartOption {
  const text = dark ? '#cfe3ff' : '#1f2a33'
  return {
    backgroundColor: 'transparent',
    tooltip: { trigger: 'axis' },
    legend: { top: 0, textStyle: { color: text } },
    grid: { left: 48, right: 56, top: 36, bottom: 32 },
    xAxis: { type: 'category', data: trend.points.map((p) => p.start.slice(5)), axisLabel: { color: text } },
    yAxis: [
      { type: 'value', minInterval: 1, axisLabel: { color: text } },
      { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%', color: text } },
    ],
    series: [
      {
        name: m.trend.reported,
        type: 'bar',
        data: trend.points.map((p) => p.reported),
        itemStyle: { color: '#0f5e6e' },
      },
      { name: m.trend.closed, type: 'bar', data: trend.points.map((p) => p.closed), itemStyle: { color: '#7fb8a4' } },
      {
        name: m.trend.onTimeRate,
        type: 'line',
        yAxisIndex: 1,
        smooth: true,
        data: trend.points.map((p) => (p.onTimeRate === null ? null : Math.round(p.onTimeRate * 1000) / 10)),
        itemStyle: { color: '#c2410c' },
      },
    ],
  }
}

export function TrendChart({ trend }: { trend: DashboardTrend }) {
  const { m } = useDashboardText()
  const option = useMemo(() => trendOption(trend, m), [trend, m])
  return (
    <>
      <p className="muted small">{trend.bucket === 'day' ? m.trend.perDay : m.trend.perWeek}</p>
      <Chart option={option} label={m.trend.title} />
      <AsTable
        head={[m.trend.start, m.trend.reported, m.trend.closed, m.trend.onTimeRate]}
        rows={trend.points.map((p) => [p.start, p.reported, p.closed, formatShare(p.onTimeRate)])}
      />
    </>
  )
}
