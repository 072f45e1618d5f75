import type { DashboardFigures, DashboardSummary } from './dashboard-api.ts'
import { useDashboardText } from './dashboard-messages.ts'
import { changeOf, formatCount, formatHours, formatShare } from './format.ts'

type Kind = 'count' | 'share' | 'hours'
/** Whether more is better: a rising rework rate is bad news, and is coloured so. */
const HEADLINES: { key: keyof DashboardFigures; kind: Kind; better: 'up' | 'down' | null }[] = [
  { key: 'reported', kind: 'count', better: null },
  { key: 'closureRate', kind: 'share', better: 'up' },
  { key: 'onTimeRate', kind: 'share', better: 'up' },
  { key: 'reworkRate', kind: 'share', better: 'down' },
  { key: 'extensionRate', kind: 'share', better: 'down' },
  { key: 'averageHandlingHours', kind: 'hours', better: 'down' },
]

/** The headline figures of the period, each with its change against the period before. */
export function Headline({ summary }: { summary: DashboardSummary }) {
  const { m, language } = useDashboardText()
  const show = (value: number | null, kind: Kind) =>
    kind === 'count' ? formatCount(value ?? 0, language) : kind === 'share' ? formatShare(value) : formatHours(value)
  return (
    <section aria-label={m.previous(summary.previousPeriod.from, summary.previousPeriod.to)}>
      <ul className="dashboard-headline" data-testid="dashboard-headline">
        {HEADLINES.map(({ key, kind, better }) => {
          const now = summary.current[key]
          const change = changeOf(now, summary.previous[key], kind, m.units)
          const tone =
            !change || change.direction === 'flat' || !better ? 'neutral' : change.direction === better ? 'good' : 'bad'
          return (
            <li key={key} className="headline-figure">
              <span className="headline-label">{m.figures[key as keyof typeof m.figures]}</span>
              <strong className="headline-value">
                {show(now, kind)}
                {kind === 'hours' && now !== null && <small> {m.hoursUnit}</small>}
              </strong>
              <span className={`headline-change ${tone}`}>
                {change ? (change.direction === 'flat' ? m.noChange : change.text) : m.noRate}
              </span>
            </li>
          )
        })}
        <li className="headline-figure">
          <span className="headline-label">{m.figures.openNow}</span>
          <strong className="headline-value">{formatCount(summary.openNow, language)}</strong>
          <span className="headline-change neutral">&nbsp;</span>
        </li>
        <li className="headline-figure">
          <span className="headline-label">{m.figures.overdueNow}</span>
          <strong className={`headline-value${summary.overdueNow > 0 ? ' alert' : ''}`}>
            {formatCount(summary.overdueNow, language)}
          </strong>
          <span className="headline-change neutral">&nbsp;</span>
        </li>
      </ul>
      <p className="muted small">{m.previous(summary.previousPeriod.from, summary.previousPeriod.to)}</p>
    </section>
  )
}
