import { useQueryClient } from '@tanstack/react-query'
import { auditScore, SIX_HAVE_CODES } from '@wangge/stations'
import { useEffect, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams } from 'react-router'
import { ApiError } from '../api/api-error.ts'
import { stationQuery, submitAudit } from '../api/stations.ts'
import { useApiQuery } from '../api/use-api-query.ts'
import { errorMessage } from '../i18n/error-message.ts'
import { AuditItemField, itemProblems, type ItemDraft } from './audit-item-field.tsx'
import { metresBetween, OFF_SITE_METRES } from './off-site.ts'
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
  const [items, setItems] = useState<ItemDraft[]>(() =>
    SIX_HAVE_CODES.map((code) => ({ code, passed: null, deduction: '', note: '', rectifyBy: '', photos: [] })),
  )
  const [note, setNote] = useState('')
  const [state, setState] = useState<
    { kind: 'editing' | 'submitting' } | { kind: 'failed'; message: string } | { kind: 'offSite'; distance: number }
  >({ kind: 'editing' })
  // Errors show beside their fields once the auditor has tried to submit, and follow each change from then on.
  const [triedToSubmit, setTriedToSubmit] = useState(false)
  const clientId = useRef(newClientId())

  useEffect(() => locate(), [locate])

  const photoCount = items.reduce((n, item) => n + item.photos.length, 0)
  const problems = items.map(itemProblems)
  const complete = problems.every((p) => p.verdict === undefined && p.deduction === undefined)
  // The score counts only what is decided; until every item is, it says how many are left rather than a full 100.
  const score = auditScore(
    items.map((i) => ({
      code: i.code,
      passed: i.passed !== false,
      deduction: i.passed === false ? Number(i.deduction) || 0 : 0,
    })),
  )
  const undecided = items.filter((i) => i.passed === null).length
  const update = (next: ItemDraft) => setItems((all) => all.map((i) => (i.code === next.code ? next : i)))

  function submit(event: FormEvent) {
    event.preventDefault()
    setTriedToSubmit(true)
    if (!complete) return setState({ kind: 'failed', message: t('stations.audit.itemsIncomplete') })
    if (position.status !== 'ready') return setState({ kind: 'failed', message: t('stations.audit.locationRequired') })
    // Farther than the on-site limit, the audit is filed as 非现场: the auditor says so before, not after.
    const distance = station.status === 'ready' ? metresBetween(position, station.data.location) : 0
    if (distance > OFF_SITE_METRES) return setState({ kind: 'offSite', distance })
    void send()
  }

  async function send() {
    if (position.status !== 'ready') return
    setState({ kind: 'submitting' })
    const form = new FormData()
    form.set('clientId', clientId.current)
    form.set('lng', String(position.lng))
    form.set('lat', String(position.lat))
    form.set('accuracy', String(Math.round(position.accuracy)))
    if (note.trim()) form.set('note', note.trim())
    form.set(
      'items',
      JSON.stringify(
        items.map((i) => ({
          code: i.code,
          passed: i.passed === true,
          deduction: i.passed ? 0 : Number(i.deduction),
          note: i.note.trim() || null,
          rectifyBy: !i.passed && i.rectifyBy ? i.rectifyBy : null,
        })),
      ),
    )
    for (const item of items) {
      for (const photo of item.photos)
        form.append(
          `photos.${item.code}`,
          await downscalePhoto(photo).catch(() => photo),
          photo.name.replace(/\.\w+$/, '') + '.jpg',
        )
    }
    try {
      await submitAudit(id, form)
      // The audit changes the station, the list's compliance and the roll-up: every station query reads again.
      await queryClient.invalidateQueries({ queryKey: ['stations'] })
      await navigate(`/stations/${id}`, { state: { notice: 'submitted' } })
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error))
      const message =
        e instanceof ApiError && e.code === 'OUTSIDE_MANAGED_AREA'
          ? t('stations.audit.outside')
          : e instanceof ApiError && e.statusCode === 400
            ? e.message
            : errorMessage(t, e)
      setState({ kind: 'failed', message })
    }
  }

  return (
    <form className="audit-page" onSubmit={submit} noValidate data-testid="audit-form">
      <p>
        <Link to={`/stations/${id}`}>
          ← {station.status === 'ready' ? station.data.name : t('stations.detail.back')}
        </Link>
      </p>
      <h1>{t('stations.audit.title')}</h1>
      {station.status === 'ready' && <p className="audit-station">{station.data.name}</p>}
      <p className="muted small">{t('stations.audit.intro')}</p>

      <div className="audit-location" data-testid="audit-location" data-status={position.status}>
        <span>{t('stations.audit.location')}: </span>
        {position.status === 'locating' && <span>{t('stations.audit.locating')}</span>}
        {position.status === 'ready' && (
          <span>{t('stations.audit.located', { accuracy: Math.round(position.accuracy) })}</span>
        )}
        {position.status === 'error' && (
          <span role="alert">{t('stations.audit.locationFailed', { reason: position.reason })}</span>
        )}
        <button type="button" onClick={locate} disabled={position.status === 'locating'}>
          {t('stations.audit.locate')}
        </button>
      </div>

      {items.map((item, index) => (
        <AuditItemField
          key={item.code}
          item={item}
          onChange={update}
          photosLeft={MAX_PHOTOS - photoCount}
          problems={triedToSubmit ? problems[index]! : {}}
        />
      ))}
      {photoCount >= MAX_PHOTOS && <p className="muted small">{t('stations.audit.maxPhotos')}</p>}

      <label htmlFor="audit-note">{t('stations.audit.overallNote')}</label>
      <textarea id="audit-note" rows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />

      <div className="audit-submit">
        <strong data-testid="audit-score">
          {undecided > 0
            ? t('stations.audit.scorePending', { count: undecided })
            : complete
              ? t('stations.audit.score', { score })
              : t('stations.audit.scoreIncomplete', { score })}
        </strong>
        <button type="submit" className="primary-button" disabled={state.kind === 'submitting'}>
          {state.kind === 'submitting' ? t('stations.audit.submitting') : t('stations.audit.submit')}
        </button>
      </div>
      {state.kind === 'offSite' && (
        <div
          className="audit-off-site"
          role="alertdialog"
          aria-labelledby="audit-off-site-title"
          data-testid="audit-off-site"
        >
          <p id="audit-off-site-title">
            <strong>{t('stations.audit.offSiteTitle')}</strong>
          </p>
          <p>{t('stations.audit.offSiteWarning', { distance: Math.round(state.distance), limit: OFF_SITE_METRES })}</p>
          <div className="audit-off-site-actions">
            <button type="button" className="primary-button" onClick={() => void send()}>
              {t('stations.audit.offSiteConfirm')}
            </button>
            <button type="button" onClick={() => setState({ kind: 'editing' })}>
              {t('stations.audit.offSiteBack')}
            </button>
          </div>
        </div>
      )}
      {state.kind === 'failed' && (
        <p className="page-notice" role="alert">
          {state.message}
        </p>
      )}
    </form>
  )
}
