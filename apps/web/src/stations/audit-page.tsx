import { useQueryClient } from '@tanstack/react-query'
import { auditScore, SIX_HAVE_CODES } from '@wangge/stations'
import { useEffect, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams } from 'react-router'
import { ApiError } from '../api/api-error.ts'
import { stationQuery, submitAudit } from '../api/stations.ts'
import { useApiQuery } from '../api/use-api-query.ts'
import { errorMessage } from '../i18n/error-message.ts'
import { AuditItemField, type ItemDraft } from './audit-item-field.tsx'
import { downscalePhoto } from '../photos/downscale-photo.ts'
import { newClientId } from '../outbox/client-id.ts'
import { usePosition } from './use-position.ts'
import './stations.css'

const MAX_PHOTOS = 6

/**
 * `/stations/:id/audit`: the six-haves audit form, made for a phone at the station — one column, large pass/fail
 * buttons, the camera for evidence, the position taken on opening. The client id is fixed for the form, so a
 * submission retried after a dropped connection files the audit once.
 */
export function StationAuditPage() {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const id = Number(useParams().id)
  const queryClient = useQueryClient()
  const { resource: station } = useApiQuery({ ...stationQuery(id), enabled: Number.isInteger(id) })
  const { position, locate } = usePosition()
  const [items, setItems] = useState<ItemDraft[]>(() => SIX_HAVE_CODES.map((code) => ({ code, passed: true, deduction: '0', note: '', rectifyBy: '', photos: [] })))
  const [note, setNote] = useState('')
  const [state, setState] = useState<{ kind: 'editing' | 'submitting' } | { kind: 'failed'; message: string }>({ kind: 'editing' })
  const clientId = useRef(newClientId())

  useEffect(() => locate(), [locate])

  const photoCount = items.reduce((n, item) => n + item.photos.length, 0)
  const score = auditScore(items.map((i) => ({ code: i.code, passed: i.passed, deduction: Number(i.deduction) || 0 })))
  const update = (next: ItemDraft) => setItems((all) => all.map((i) => (i.code === next.code ? next : i)))

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (position.status !== 'ready') return setState({ kind: 'failed', message: t('stations.audit.locationRequired') })
    if (items.some((i) => !i.passed && !(Number(i.deduction) > 0))) return setState({ kind: 'failed', message: t('stations.audit.deductionRequired') })
    setState({ kind: 'submitting' })
    const form = new FormData()
    form.set('clientId', clientId.current)
    form.set('lng', String(position.lng))
    form.set('lat', String(position.lat))
    form.set('accuracy', String(Math.round(position.accuracy)))
    if (note.trim()) form.set('note', note.trim())
    form.set('items', JSON.stringify(items.map((i) => ({
      code: i.code, passed: i.passed, deduction: i.passed ? 0 : Number(i.deduction), note: i.note.trim() || null, rectifyBy: !i.passed && i.rectifyBy ? i.rectifyBy : null,
    }))))
    for (const item of items) {
      for (const photo of item.photos) form.append(`photos.${item.code}`, await downscalePhoto(photo).catch(() => photo), photo.name.replace(/\.\w+$/, '') + '.jpg')
    }
    try {
      await submitAudit(id, form)
      // The audit changes the station, the list's compliance and the roll-up: every station query reads again.
      await queryClient.invalidateQueries({ queryKey: ['stations'] })
      await navigate(`/stations/${id}`, { state: { notice: 'submitted' } })
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error))
      const message = e instanceof ApiError && e.code === 'OUTSIDE_MANAGED_AREA' ? t('stations.audit.outside') : e instanceof ApiError && e.statusCode === 400 ? e.message : errorMessage(t, e)
      setState({ kind: 'failed', message })
    }
  }

  return (
    <form className="audit-page" onSubmit={(e) => void submit(e)} noValidate data-testid="audit-form">
      <p>
        <Link to={`/stations/${id}`}>← {station.status === 'ready' ? station.data.name : t('stations.detail.back')}</Link>
      </p>
      <h1>{t('stations.audit.title')}</h1>
      {station.status === 'ready' && <p className="audit-station">{station.data.name}</p>}
      <p className="muted small">{t('stations.audit.intro')}</p>

      <div className="audit-location" data-testid="audit-location" data-status={position.status}>
        <span>{t('stations.audit.location')}: </span>
        {position.status === 'locating' && <span>{t('stations.audit.locating')}</span>}
        {position.status === 'ready' && <span>{t('stations.audit.located', { accuracy: Math.round(position.accuracy) })}</span>}
        {position.status === 'error' && <span role="alert">{t('stations.audit.locationFailed', { reason: position.reason })}</span>}
        <button type="button" onClick={locate} disabled={position.status === 'locating'}>
          {t('stations.audit.locate')}
        </button>
      </div>

      {items.map((item) => (
        <AuditItemField key={item.code} item={item} onChange={update} photosLeft={MAX_PHOTOS - photoCount} />
      ))}
      {photoCount >= MAX_PHOTOS && <p className="muted small">{t('stations.audit.maxPhotos')}</p>}

      <label htmlFor="audit-note">{t('stations.audit.overallNote')}</label>
      <textarea id="audit-note" rows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />

      <div className="audit-submit">
        <strong data-testid="audit-score">{t('stations.audit.score', { score })}</strong>
        <button type="submit" className="primary-button" disabled={state.kind === 'submitting'}>
          {state.kind === 'submitting' ? t('stations.audit.submitting') : t('stations.audit.submit')}
        </button>
      </div>
      {state.kind === 'failed' && (
        <p className="page-notice" role="alert">
          {state.message}
        </p>
      )}
    </form>
  )
}
