import { useEffect, useRef } from 'react'
import { echarts, type ChartOption } from './echarts.ts'

interface ChartProps {
  option: ChartOption
  /** The chart's accessible name; the same figures are also given as a table beside it. */
  label: string
  height?: number
  theme?: 'dark'
}

/**
 * One ECharts instance per element, created once and updated with `setOption` when the figures change (the
 * pattern of src/map/grid-layer.tsx for Leaflet); it follows its box's size and is disposed with the element.
 */
export function Chart({ option, label, height = 280, theme }: ChartProps) {
  const element = useRef<HTMLDivElement | null>(null)
  const chart = useRef<echarts.ECharts | null>(null)

  useEffect(() => {
    const box = element.current!
    const instance = echarts.init(box, theme === 'dark' ? 'dark' : undefined, { renderer: 'svg' })
    chart.current = instance
    const observer = new ResizeObserver(() => instance.resize())
    observer.observe(box)
    return () => {
      observer.disconnect()
      instance.dispose()
      chart.current = null
    }
  }, [theme])

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true })
  }, [option, theme])

  return <div ref={element} className="dashboard-chart" role="img" aria-label={label} style={{ height }} />
}
