import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ResidentRow, RevealedResident } from '@wangge/contract'
import { errorMessage } from '../i18n/error-message.ts'
import { revealResident, useGridRegistry } from './registry-api.ts'
import { ResidentTags } from './resident-tags.tsx'

/** A unit grid's registry beside the map: counts, buildings with their houses, people (masked), organisations. */
export function RegistryGridPanel({ gridId, onClose }: { gridId: number; onClose: () => void }) {
  const { t } = useTranslation()
  const registry = useGridRegistry(gridId)
  return (
    <aside
      className="grid-panel registry-grid-panel"
      data-testid="registry-grid-panel"
      aria-labelledby="registry-grid-title"
    >
      <div className="grid-panel-header">
        <h2 id="registry-grid-title">{registry.data?.grid.name ?? t('registry.title')}</h2>
        <button type="button" className="icon-button" aria-label={t('common.close')} onClick={onClose}>
          <span aria-hidden="true">×</span>
        </button>
      </div>
      {registry.error && <p role="alert">{t('registry.notUnitGrid', { message: errorMessage(t, registry.error) })}</p>}
      {!registry.data && !registry.error && <p role="status">{t('registry.loading')}</p>}
      {registry.data && (
        <>
          <p>
            {t('registry.counts', { residents: registry.data.residents.length, houses: registry.data.houses.length })} ·{' '}
            {t('registry.organisationCount', { count: registry.data.organisations.length })}
          </p>
          <h3>{t('registry.buildings')}</h3>
          <ul className="registry-list">
            {registry.data.buildings.map((b) => (
              <li key={b.id}>
                {b.name} · {t(`registry.buildingUse.${b.use}`)} ·{' '}
                {t('registry.floors', { floors: b.floors, units: b.units })}
              </li>
            ))}
          </ul>
          <h3>{t('registry.residents')}</h3>
          <ul className="registry-list">
            {registry.data.residents.map((r) => (
              <ResidentItem key={r.id} resident={r} />
            ))}
          </ul>
          <h3>{t('registry.organisations')}</h3>
          <ul className="registry-list">
            {registry.data.organisations.map((o) => (
              <li key={o.id}>
                {o.name} · {t(`registry.kind.${o.kind}`)} {o.contactPhoneMasked ?? ''}
              </li>
            ))}
            {registry.data.organisations.length === 0 && <li>{t('registry.none')}</li>}
          </ul>
        </>
      )}
    </aside>
  )
}

function ResidentItem({ resident: r }: { resident: ResidentRow }) {
  const { t } = useTranslation()
  const [revealed, setRevealed] = useState<RevealedResident | null>(null)
  const [error, setError] = useState<string | null>(null)
  const reveal = () => {
    const reason = window.prompt(t('registry.reveal.prompt'))?.trim()
    if (!reason) return
    if (reason.length < 4) return setError(t('registry.reveal.tooShort'))
    revealResident(r.id, reason).then(setRevealed, (err: unknown) =>
      setError(errorMessage(t, err instanceof Error ? err : new Error(String(err)))),
    )
  }
  return (
    <li>
      <strong>{r.name}</strong> {t(`registry.relation.${r.relation}`)} · {r.address ?? ''}
      <div className="registry-muted">
        {revealed ? revealed.idNumber : r.idNumberMasked} {revealed ? (revealed.phone ?? '') : (r.phoneMasked ?? '')}{' '}
        {!revealed && (
          <button type="button" className="link-button" onClick={reveal}>
            {t('registry.reveal.action')}
          </button>
        )}
      </div>
      <ResidentTags tags={r.tags} focusCategory={r.focusCategory} />
      {error && <p role="alert">{error}</p>}
    </li>
  )
}
