import { useTranslation } from 'react-i18next'

/** Says what the two kinds of grid mean; only shown when the map marks a scope. */
export function ScopeLegend() {
  const { t } = useTranslation()
  return (
    <div className="scope-legend" data-testid="scope-legend">
      <span className="scope-swatch scope-swatch-in" aria-hidden="true" />
      {t('scope.in')}
      <span className="scope-swatch scope-swatch-out" aria-hidden="true" />
      {t('scope.out')}
    </div>
  )
}
