import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { IncidentDetail } from '@wangge/contract'
import type { WorkerAction } from '../api/incident-reports.ts'
import { Dialog } from '../admin/dialog.tsx'
import { PhotoPicker } from '../worker/report/photo-picker.tsx'
import { stepErrorMessage } from './step-error.ts'
import { useCaseStep } from './use-department-case.ts'

interface CaseStepsProps {
  incident: IncidentDetail
  /** After a step; `left`: the case is no longer the department's (returned). */
  onDone: (result: { action: 'accept' | 'return' | 'feedback'; left: boolean }) => void
}

/**
 * The steps the server says this handler may take now (the case's `actions`, from packages/workflow): accept;
 * return as misdirected, with a required reason and a confirmation, since the case then leaves the department;
 * report back (办结反馈) with a required note and after-photos, shrunk on the device by the worker's photo picker.
 */
export function CaseSteps({ incident, onDone }: CaseStepsProps) {
  const { t } = useTranslation()
  const [returning, setReturning] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const [reason, setReason] = useState('')
  const [note, setNote] = useState('')
  const [photos, setPhotos] = useState<Blob[]>([])
  const [photosBusy, setPhotosBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const step = useCaseStep(incident.id, (result) => {
    setReason('')
    setNote('')
    setPhotos([])
    setReturning(false)
    setConfirming(false)
    onDone(result)
  })
  const may = (action: WorkerAction) => incident.actions.includes(action)
  if (!may('accept') && !may('return') && !may('feedback')) return null

  const submitReturn = (event: FormEvent) => {
    event.preventDefault()
    if (!reason.trim()) return setProblem(t('department.steps.needReason'))
    setProblem(null)
    setConfirming(true)
  }
  const submitFeedback = (event: FormEvent) => {
    event.preventDefault()
    if (!note.trim()) return setProblem(t('department.steps.needNote'))
    setProblem(null)
    step.mutate({ action: 'feedback', text: note, photos })
  }
  const error = problem ?? (step.error ? stepErrorMessage(t, step.error) : null)

  return (
    <section className="dept-case-steps" aria-label={t('department.steps.title')}>
      {error && (
        <p className="form-error" role="alert" data-testid="step-error">
          {error}
        </p>
      )}
      {may('accept') && (
        <button
          type="button"
          className="submit-button"
          disabled={step.isPending}
          onClick={() => step.mutate({ action: 'accept', text: '', photos: [] })}
          data-testid="case-accept"
        >
          {t('department.steps.accept')}
        </button>
      )}
      {may('feedback') && (
        <form onSubmit={submitFeedback} className="dept-case-step-form" data-testid="case-feedback-form">
          <h2>{t('department.steps.feedbackTitle')}</h2>
          <PhotoPicker
            photos={photos}
            onChange={setPhotos}
            onBusy={setPhotosBusy}
            label={t('department.steps.afterPhotos')}
          />
          <label className="field">
            <span>{t('department.steps.note')}</span>
            <textarea
              value={note}
              rows={3}
              maxLength={2000}
              placeholder={t('department.steps.noteHint')}
              onChange={(e) => setNote(e.target.value)}
              data-testid="case-feedback-note"
            />
          </label>
          <button
            type="submit"
            className="submit-button"
            disabled={step.isPending || photosBusy}
            data-testid="case-feedback"
          >
            {step.isPending && step.variables?.action === 'feedback'
              ? t('common.saving')
              : t('department.steps.feedback')}
          </button>
        </form>
      )}
      {may('return') &&
        (returning ? (
          <form onSubmit={submitReturn} className="dept-case-step-form" data-testid="case-return-form">
            <label className="field">
              <span>{t('department.steps.reason')}</span>
              <textarea
                value={reason}
                rows={3}
                maxLength={2000}
                placeholder={t('department.steps.reasonHint')}
                onChange={(e) => setReason(e.target.value)}
                data-testid="case-return-reason"
              />
            </label>
            <div className="dept-case-step-buttons">
              <button type="button" className="secondary-button" onClick={() => setReturning(false)}>
                {t('common.cancel')}
              </button>
              <button
                type="submit"
                className="secondary-button danger"
                disabled={step.isPending}
                data-testid="case-return-submit"
              >
                {t('department.steps.return')}
              </button>
            </div>
          </form>
        ) : (
          <button
            type="button"
            className="secondary-button"
            onClick={() => setReturning(true)}
            data-testid="case-return"
          >
            {t('department.steps.returnMisdirected')}
          </button>
        ))}
      {confirming && (
        <Dialog title={t('department.steps.confirmTitle')} onClose={() => setConfirming(false)}>
          <p className="dept-confirm-text">{t('department.steps.confirmText', { caseNumber: incident.caseNumber })}</p>
          <p className="dept-confirm-reason">{t('department.steps.confirmReason', { reason: reason.trim() })}</p>
          <div className="form-actions">
            <button type="button" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </button>
            <button
              type="button"
              className="primary-button"
              disabled={step.isPending}
              onClick={() => step.mutate({ action: 'return', text: reason, photos: [] })}
              data-testid="case-return-confirm"
            >
              {t('department.steps.confirmReturn')}
            </button>
          </div>
        </Dialog>
      )}
    </section>
  )
}
