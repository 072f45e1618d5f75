import type { GridLevel } from '@wangge/grid'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { GridProperties, GridSummary } from '../api/types.ts'
import { levelName } from '../i18n/level-name.ts'
import { matchGrids, useGridLevel } from './grid-tree-data.ts'
import './grid-picker.css'

interface GridPickerProps {
  /** The grids chosen so far, shown as removable chips. */
  selected: readonly GridSummary[]
  onChange: (next: GridSummary[]) => void
  /** The levels that may be chosen (a worker works unit grids only); the others only open. */
  selectable?: readonly GridLevel[]
  /** One grid instead of several (a filter). */
  single?: boolean
}

/** How many search hits are listed: a name narrows it, nobody reads through a street's 1,360 unit grids. */
const SHOWN_HITS = 50

/**
 * Grids chosen from the street's tree (社区 → 片区 → 单元网格) or found by name or code. Communities and areas load
 * with the picker; a community's or area's children load when it is opened, and the unit grids as a whole only when
 * a search needs them, so 1,360 rows are never rendered at once.
 */
export function GridPicker({ selected, onChange, selectable = [1, 2, 3], single = false }: GridPickerProps) {
  const { t } = useTranslation()
  const [text, setText] = useState('')
  const searching = text.trim().length > 0
  const communities = useGridLevel(1)
  const areas = useGridLevel(2, { enabled: searching })
  const units = useGridLevel(3, { enabled: searching })
  const hits = searching ? matchGrids([...communities.grids, ...areas.grids, ...units.grids], text, SHOWN_HITS) : []
  const chosen = new Set(selected.map((g) => g.id))

  function toggle(grid: GridSummary) {
    const summary = { id: grid.id, code: grid.code, level: grid.level, name: grid.name }
    if (chosen.has(grid.id)) onChange(selected.filter((g) => g.id !== grid.id))
    else onChange(single ? [summary] : [...selected, summary])
  }
  const row = (grid: GridProperties) => (
    <GridOption
      key={grid.id}
      grid={grid}
      checked={chosen.has(grid.id)}
      disabled={!selectable.includes(grid.level)}
      onToggle={toggle}
      single={single}
    />
  )

  return (
    <div className="grid-picker" data-testid="grid-picker">
      {selected.length > 0 && (
        <ul className="grid-picker-chips" aria-label={t('gridPicker.selected')}>
          {selected.map((grid) => (
            <li key={grid.id}>
              {grid.name} <span className="muted">{levelName(t, grid.level)}</span>
              <button
                type="button"
                aria-label={t('gridPicker.remove', { name: grid.name })}
                onClick={() => toggle(grid)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <input
        type="search"
        value={text}
        onChange={(event) => setText(event.target.value)}
        placeholder={t('gridPicker.search')}
        aria-label={t('gridPicker.search')}
        maxLength={50}
        data-testid="grid-picker-search"
      />
      <div className="grid-picker-list" role="tree" aria-label={t('gridPicker.tree')}>
        {searching ? (
          <>
            {(areas.isFetching || units.isFetching) && hits.length === 0 && (
              <p className="muted">{t('gridPicker.loading')}</p>
            )}
            {!areas.isFetching && !units.isFetching && hits.length === 0 && (
              <p className="muted">{t('gridPicker.none')}</p>
            )}
            {hits.map(row)}
            {hits.length === SHOWN_HITS && <p className="muted">{t('gridPicker.more', { count: SHOWN_HITS })}</p>}
          </>
        ) : (
          <>
            {communities.status === 'pending' && <p className="muted">{t('gridPicker.loading')}</p>}
            {communities.status === 'error' && <p className="field-error">{t('gridPicker.failed')}</p>}
            {communities.grids.map((community) => (
              <Branch key={community.id} grid={community} row={row} />
            ))}
          </>
        )}
      </div>
    </div>
  )
}

/** A community or an area: its own row and, once opened, its children (fetched then). */
function Branch({ grid, row }: { grid: GridProperties; row: (grid: GridProperties) => React.ReactNode }) {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  const childLevel = (grid.level + 1) as GridLevel
  const children = useGridLevel(childLevel, { parent: grid.id, enabled: open })
  return (
    <div className="grid-picker-branch" role="treeitem" aria-expanded={open}>
      <div className="grid-picker-row">
        <button
          type="button"
          className="grid-picker-toggle"
          aria-label={t(open ? 'gridPicker.collapse' : 'gridPicker.expand', { name: grid.name })}
          onClick={() => setOpen(!open)}
        >
          {open ? '▾' : '▸'}
        </button>
        {row(grid)}
      </div>
      {open && (
        <div className="grid-picker-children" role="group">
          {children.status === 'pending' && <p className="muted">{t('gridPicker.loading')}</p>}
          {children.grids.map((child) =>
            childLevel < 3 ? <Branch key={child.id} grid={child} row={row} /> : row(child),
          )}
        </div>
      )}
    </div>
  )
}

function GridOption(props: {
  grid: GridProperties
  checked: boolean
  disabled: boolean
  single: boolean
  onToggle: (grid: GridSummary) => void
}) {
  const { t } = useTranslation()
  const { grid } = props
  return (
    <label className={props.disabled ? 'grid-picker-option disabled' : 'grid-picker-option'} data-grid-code={grid.code}>
      <input
        type={props.single ? 'radio' : 'checkbox'}
        checked={props.checked}
        disabled={props.disabled}
        onChange={() => props.onToggle(grid)}
      />
      <span>{grid.name}</span>
      <span className="muted">
        {levelName(t, grid.level)} · <span className="grid-code">{grid.code}</span>
      </span>
    </label>
  )
}
