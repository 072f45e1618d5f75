import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { levelName } from '../../i18n/level-name.ts'
import { parseGridCodes, resolveGridCodes, type ResolvedCodes } from './grid-directory.ts'

interface GridCodesFieldProps {
  value: string
  onChange: (value: string) => void
  error: string | null
}

/** How long typing must pause before the codes are looked up. */
const LOOKUP_DELAY_MS = 400

/**
 * Grids by code, the way they are written on the street's paper lists. A pause in typing shows what each code
 * names (or which are unknown), so a typo is seen before saving. Looking up on a pause rather than on leaving
 * the field matters: a preview that appeared on blur would shift the Save button under the click that caused it.
 */
export function GridCodesField({ value, onChange, error }: GridCodesFieldProps) {
  const { t } = useTranslation()
  const [preview, setPreview] = useState<ResolvedCodes | null>(null)
  const [lookupFailed, setLookupFailed] = useState(false)

  useEffect(() => {
    let current = true
    const timer = setTimeout(() => {
      resolveGridCodes(parseGridCodes(value)).then(
        (resolved) => {
          if (!current) return
          setPreview(resolved)
          setLookupFailed(false)
        },
        () => {
          if (current) setLookupFailed(true)
        },
      )
    }, LOOKUP_DELAY_MS)
    return () => {
      current = false
      clearTimeout(timer)
    }
  }, [value])

  return (
    <label>
      <span>{t('users.fields.gridCodes')}</span>
      <textarea
        name="gridCodes"
        rows={2}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        spellCheck={false}
        aria-invalid={error !== null}
      />
      <span className="field-hint">{t('users.hints.gridCodes')}</span>
      {preview && preview.grids.length > 0 && (
        <ul className="resolved-grids" data-testid="resolved-grids">
          {preview.grids.map((grid) => (
            <li key={grid.id}>
              {grid.name} · {levelName(t, grid.level)} · <span className="grid-code">{grid.code}</span>
            </li>
          ))}
        </ul>
      )}
      {preview && preview.unknown.length > 0 && (
        <span className="field-error">{t('users.errors.unknownCodes', { codes: preview.unknown.join(' ') })}</span>
      )}
      {lookupFailed && <span className="field-error">{t('users.errors.gridLookup')}</span>}
      {error && <span className="field-error">{error}</span>}
    </label>
  )
}
