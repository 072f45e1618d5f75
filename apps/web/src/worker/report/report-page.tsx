import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate } from 'react-router'
import type { SubCategory } from '../../api/incident-reports.ts'
import { errorMessage } from '../../i18n/error-message.ts'
import { newClientId } from '../../outbox/client-id.ts'
import { enqueue } from '../../outbox/outbox-runner.ts'
import { useCurrentUser } from '../../session/current-user.tsx'
import { categoryLabel } from '../category-label.ts'
import { CategoryPicker } from './category-picker.tsx'
import { LocationPicker, type ReportPosition } from './location-picker.tsx'
import { PhotoPicker } from './photo-picker.tsx'
import { useCategories } from './use-categories.ts'
import { useGpsPosition } from './use-gps-position.ts'
import { useGridAt } from './use-grid-at.ts'
import { storageProblem } from '../storage-problem.ts'

/**
 * `/m/report`: photo, position, category, a few words, submit — in a handful of taps. The report is stored on
 * the phone first (the outbox) and sent from there, so pressing submit with no network loses nothing; the worker
 * is back on the home page at once, where the outbox shows it go.
 */
export function ReportPage() {
  const { t, i18n } = useTranslation()
  const user = useCurrentUser()
  const navigate = useNavigate()
  const categories = useCategories()
  const gps = useGpsPosition()
  const [pinned, setPinned] = useState<{ lng: number; lat: number } | null>(null)
  const [photos, setPhotos] = useState<Blob[]>([])
  const [photosBusy, setPhotosBusy] = useState(false)
  const [category, setCategory] = useState<SubCategory | null>(null)
  const [description, setDescription] = useState('')
  const [selfHandled, setSelfHandled] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)

  // The GPS follows the worker until they place the pin themselves; then the pin is the position.
  const position: ReportPosition | null = pinned
    ? { ...pinned, accuracy: null }
    : gps.status === 'found'
      ? { lng: gps.lng, lat: gps.lat, accuracy: gps.accuracy }
      : null
  const grid = useGridAt(position)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!position) return setProblem(t('worker.report.needPosition'))
    if (!category) return setProblem(t('worker.report.needCategory'))
    if (grid.status === 'outside') return setProblem(t('worker.location.outsideStreet'))
    setSaving(true)
    try {
      const clientId = newClientId()
      await enqueue(user.id, clientId, {
        kind: 'report',
        report: {
          clientId,
          categoryCode: category.code,
          // A worker in a hurry may leave the words out: the category says what it is.
          description: description.trim() || categoryLabel(category, i18n.language),
          lng: position.lng,
          lat: position.lat,
          accuracy: position.accuracy,
          selfHandled,
          photos,
        },
      })
      await navigate('/m', { state: { queued: 'report' } })
    } catch (error) {
      // IndexedDB itself failed (private mode, storage full): say so rather than pretend it was saved.
      setProblem(t('worker.report.storeFailed', { message: storageProblem(t, error) }))
      setSaving(false)
    }
  }

  return (
    <form className="worker-page report-form" onSubmit={(e) => void submit(e)} noValidate>
      <nav className="worker-back">
        <Link to="/m">{t('worker.back')}</Link>
      </nav>
      <h1>{t('worker.report.title')}</h1>
      <PhotoPicker photos={photos} onChange={setPhotos} onBusy={setPhotosBusy} label={t('worker.photos.before')} />
      <LocationPicker gps={gps} position={position} grid={grid} user={user} onMove={setPinned} />
      {categories.data ? (
        <CategoryPicker groups={categories.data} value={category} onChange={setCategory} />
      ) : (
        <p className="worker-note" role={categories.error ? 'alert' : 'status'}>
          {categories.error ? errorMessage(t, categories.error) : t('common.loading')}
        </p>
      )}
      <label className="field">
        <span>{t('worker.report.description')}</span>
        <textarea
          value={description}
          maxLength={2000}
          rows={3}
          placeholder={t('worker.report.descriptionHint')}
          onChange={(e) => setDescription(e.target.value)}
        />
      </label>
      <label className="check-field">
        <input type="checkbox" checked={selfHandled} onChange={(e) => setSelfHandled(e.target.checked)} />
        <span>{t('worker.report.selfHandled')}</span>
      </label>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      <button
        type="submit"
        className="submit-button"
        disabled={saving || photosBusy || !position || !category}
        data-testid="report-submit"
      >
        {saving ? t('common.saving') : t('worker.report.submit')}
      </button>
    </form>
  )
}
