import { useDashboardText } from './dashboard-messages.ts'
import { PRESETS, type Preset } from './period.ts'

export const LEVELS = ['street', 'community', 'area'] as const
export type Level = (typeof LEVELS)[number]

interface PeriodBarProps {
  preset: Preset
  level: Level
  custom: { from: string; to: string }
  onPreset: (preset: Preset) => void
  onCustom: (from: string, to: string) => void
  onLevel: (level: Level) => void
}

/** The period presets (today, this week, month, quarter, or two dates) and the level the grids are ranked at. */
export function PeriodBar({ preset, level, custom, onPreset, onCustom, onLevel }: PeriodBarProps) {
  const { m } = useDashboardText()
  return (
    <div className="filter-bar dashboard-filters">
      <div className="segmented" role="group" aria-label={m.period}>
        {PRESETS.map((p) => (
          <button key={p} type="button" aria-pressed={p === preset} onClick={() => onPreset(p)}>
            {m.presets[p]}
          </button>
        ))}
      </div>
      {preset === 'custom' && (
        <>
          <label>
            {m.from}
            <input type="date" value={custom.from} onChange={(e) => onCustom(e.target.value, custom.to)} />
          </label>
          <label>
            {m.to}
            <input type="date" value={custom.to} onChange={(e) => onCustom(custom.from, e.target.value)} />
          </label>
        </>
      )}
      <div className="segmented" role="group" aria-label={m.level}>
        {LEVELS.map((l) => (
          <button key={l} type="button" aria-pressed={l === level} onClick={() => onLevel(l)} title={m.levelHint[l]}>
            {m.levels[l]}
          </button>
        ))}
      </div>
    </div>
  )
}
