import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate, useParams } from 'react-router'
import type { SubCategory } from '@wangge/contract'
import { errorMessage } from '../i18n/error-message.ts'
import { formatTime } from '../i18n/format-time.ts'
import { newClientId } from '../outbox/client-id.ts'
import { enqueue } from '../outbox/outbox-runner.ts'
import { useCurrentUser } from '../session/current-user.tsx'
import { CategoryPicker } from '../worker/report/category-picker.tsx'
import { PhotoPicker } from '../worker/report/photo-picker.tsx'
import { useCategories } from '../worker/report/use-categories.ts'
import { useGpsPosition } from '../worker/report/use-gps-position.ts'
import { useHouse } from './registry-api.ts'
import { ResidentTags } from './resident-tags.tsx'
import './registry.css'

/**
 * `/m/registry/houses/:id`: who lives in a house and its past visits, with 走访 as the page's one main action. The
 * visit goes to the outbox (IndexedDB) first, so it is kept with its photos when the phone is offline and sent
 * once the network is back; a problem found is filed as a case in the same step.
 */
export function HousePage() {
  const { t, i18n } = useTranslation()
  const id = Number(useParams().id)
  const house = useHouse(Number.isInteger(id) && id > 0 ? id : null)
  const [visiting, setVisiting] = useState(false)
  if (house.error) return <p role="alert">{t('registry.loadFailed', { message: errorMessage(t, house.error) })}</p>
  if (!house.data) return <p role="status">{t('registry.loading')}</p>
  const { house: h, residents, visits } = house.data
  return (
    <div className="registry-phone">
      <h1>{h.address}</h1>
      <p className="registry-muted">
        {t(`registry.occupancy.${h.occupancy}`)} · {t('registry.area', { area: h.areaM2 })}
      </p>
      {!visiting && (
        <button type="button" className="primary-button registry-visit-button" onClick={() => setVisiting(true)}>
          {t('registry.visit.start')}
        </button>
      )}
      {visiting && <VisitForm houseId={h.id} address={h.address} />}
      <h2>{t('registry.residents')}</h2>
      <ul className="registry-residents">
        {residents.map((r) => (
          <li key={r.id}>
            <strong>{r.name}</strong> {t(`registry.relation.${r.relation}`)} · {t(`registry.sex.${r.sex}`)} ·{' '}
            {r.birthDate.slice(0, 4)}
            <div className="registry-muted">
              {r.idNumberMasked}
              {r.phoneMasked && ` · ${r.phoneMasked}`}
            </div>
            <ResidentTags tags={r.tags} focusCategory={r.focusCategory} />
          </li>
        ))}
        {residents.length === 0 && <li>{t('registry.nobody')}</li>}
      </ul>
      <h2>{t('registry.visits')}</h2>
      <ul className="registry-visits">
        {visits.map((v) => (
          <li key={v.id}>
            {formatTime(v.visitedAt, i18n.language)} · {v.worker.name}
            <div>{v.notes}</div>
            {v.problem && (
              <div className="registry-problem">{t('registry.visit.problemFound', { problem: v.problem })}</div>
            )}
          </li>
        ))}
        {visits.length === 0 && <li>{t('registry.neverVisited')}</li>}
      </ul>
    </div>
  )
}

function VisitForm({ houseId, address }: { houseId: number; address: string }) {
  const { t } = useTranslation()
  const user = useCurrentUser()
  const navigate = useNavigate()
  const gps = useGpsPosition()
  const categories = useCategories()
  const [notes, setNotes] = useState('')
  const [photos, setPhotos] = useState<Blob[]>([])
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState('')
  const [category, setCategory] = useState<SubCategory | null>(null)
  const [error, setError] = useState<string | null>(null)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (notes.trim() === '') return setError(t('registry.visit.notesRequired'))
    if (problem.trim() !== '' && !category) return setError(t('registry.visit.categoryRequired'))
    const found = gps.status === 'found' ? gps : null
    await enqueue(user.id, newClientId(), {
      kind: 'visit',
      visit: {
        houseId,
        houseAddress: address,
        visitedAt: new Date().toISOString(),
        notes: notes.trim(),
        problem: problem.trim() || null,
        categoryCode: problem.trim() ? (category?.code ?? null) : null,
        lng: found?.lng ?? null,
        lat: found?.lat ?? null,
        accuracy: found?.accuracy ?? null,
        photos,
      },
    })
    void navigate('/m/registry', { state: { queued: 'visit' } })
  }

  return (
    <form className="registry-visit-form" onSubmit={(e) => void submit(e)} aria-label={t('registry.visit.title')}>
      <label>
        {t('registry.visit.notes')}
        <textarea value={notes} onChange={(e) => setNotes(e.target.value)} rows={3} maxLength={2000} />
      </label>
      <PhotoPicker photos={photos} onChange={setPhotos} onBusy={setBusy} label={t('registry.visit.photos')} />
      <label>
        {t('registry.visit.problem')}
        <textarea value={problem} onChange={(e) => setProblem(e.target.value)} rows={2} maxLength={1000} />
      </label>
      {problem.trim() !== '' && categories.data && (
        <CategoryPicker groups={categories.data} value={category} onChange={setCategory} />
      )}
      {error && <p role="alert">{error}</p>}
      <button type="submit" className="primary-button" disabled={busy}>
        {t('registry.visit.submit')}
      </button>
    </form>
  )
}
