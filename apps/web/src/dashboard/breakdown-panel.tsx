import { useMemo } from 'react'
import type { DashboardBreakdown } from './dashboard-api.ts'
import { Chart } from './chart.tsx'
import type { ChartOption } from './echarts.ts'
import { useDashboardText, type DashboardMessages } from './dashboard-messages.ts'
import { formatShare } from './format.ts'
import { AsTable } from './panel.tsx'

interface Bar {
  name: string
  reported: number
  closed: number
}

function barsOption(bars: Bar[], m: DashboardMessages): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: bars.map((b) => b.name), inverse: true },
    series: [
      { name: m.trend.reported, type: 'bar', data: bars.map((b) => b.reported), itemStyle: { color: '#0f5e6e' } },
      { name: m.trend.closed, type: 'bar', data: bars.map((b) => b.closed), itemStyle: { color: '#7fb8a4' } },
    ],
  }
}

/** Cases per category group (with the sub-categories as a table) and per source, reported and closed. */
export function Breakdown({ breakdown }: { breakdown: DashboardBreakdown }) {
  const { m } = useDashboardText()
  const groups = useMemo(() => {
    const byGroup = new Map<number, Bar>()
    for (const c of breakdown.categories) {
      const bar = byGroup.get(c.group.id) ?? { name: c.group.name, reported: 0, closed: 0 }
      bar.reported += c.reported
      bar.closed += c.closed
      byGroup.set(c.group.id, bar)
    }
    return [...byGroup.values()].sort((a, b) => b.reported - a.reported)
  }, [breakdown])
  const sources = useMemo(
    () =>
      breakdown.sources
        .map((s) => ({ name: m.breakdown.sourceNames[s.source] ?? s.source, reported: s.reported, closed: s.closed }))
        .sort((a, b) => b.reported - a.reported),
    [breakdown, m],
  )
  const groupOption = useMemo(() => barsOption(groups, m), [groups, m])
  const sourceOption = useMemo(() => barsOption(sources, m), [sources, m])
  return (
    <div className="breakdown-grid">
      <div>
        <h3>{m.breakdown.groups}</h3>
        <Chart option={groupOption} label={m.breakdown.groups} height={Math.max(160, groups.length * 44 + 48)} />
        <AsTable
          head={[m.breakdown.group, m.breakdown.category, m.figures.reported, m.figures.closed, m.figures.closureRate]}
          rows={breakdown.categories.map((c) => [
            c.group.name,
            c.name,
            c.reported,
            c.closed,
            formatShare(c.closureRate),
          ])}
        />
      </div>
      <div>
        <h3>{m.breakdown.sources}</h3>
        <Chart option={sourceOption} label={m.breakdown.sources} height={Math.max(160, sources.length * 44 + 48)} />
        <AsTable
          head={[m.breakdown.source, m.figures.reported, m.figures.closed, m.figures.closureRate]}
          rows={breakdown.sources.map((s) => [
            m.breakdown.sourceNames[s.source] ?? s.source,
            s.reported,
            s.closed,
            formatShare(s.closureRate),
          ])}
        />
      </div>
    </div>
  )
}
