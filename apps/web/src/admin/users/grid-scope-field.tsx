import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { GridSummary } from '../../api/types.ts'
import { GridPicker } from '../../grid-picker/grid-picker.tsx'
import { parseGridCodes, resolveGridCodes } from './grid-directory.ts'

interface GridScopeFieldProps {
  /** The form keeps the scope as grid codes (what the API's users carry); the picker shows them by name. */
  value: string
  onChange: (value: string) => void
  error: string | null
  /** A worker works unit grids: only those can be ticked. */
  unitGridsOnly: boolean
}

/** The user's grids, picked from the tree or found by name or code instead of typed as 15-digit codes. */
export function GridScopeField({ value, onChange, error, unitGridsOnly }: GridScopeFieldProps) {
  const { t } = useTranslation()
  // The grids the form opened with, by name; after the first change the picker's own list is the truth.
  const [initialCodes] = useState(() => parseGridCodes(value))
  const initial = useQuery({
    queryKey: ['grids', 'codes', initialCodes],
    queryFn: () => resolveGridCodes(initialCodes),
    enabled: initialCodes.length > 0,
    staleTime: Infinity,
  })
  const [picked, setPicked] = useState<GridSummary[] | null>(null)
  const selected = picked ?? initial.data?.grids ?? []
  return (
    <div className="form-field">
      <span id="grid-scope-label">{t('users.fields.gridCodes')}</span>
      <GridPicker
        selected={selected}
        selectable={unitGridsOnly ? [3] : [1, 2, 3]}
        onChange={(next) => {
          setPicked(next)
          onChange(next.map((g) => g.code).join(' '))
        }}
      />
      <span className="field-hint">{t('users.hints.gridCodes')}</span>
      {error && <span className="field-error">{error}</span>}
    </div>
  )
}
