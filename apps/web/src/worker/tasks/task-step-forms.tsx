import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import type { WorkerAction } from '../../api/incident-reports.ts'
import { newClientId } from '../../outbox/client-id.ts'
import { enqueue } from '../../outbox/outbox-runner.ts'
import { PhotoPicker } from '../report/photo-picker.tsx'
import { storageProblem } from '../storage-problem.ts'

interface TaskStepFormsProps {
  userId: number
  incidentId: string
  caseNumber: string
  steps: WorkerAction[]
}

/**
 * The worker's steps on a task, each queued in the outbox: accept (one tap), return as misdirected (a reason),
 * report back (what was done, after-photos). Return and report-back end the worker's part, so they lead home.
 */
export function TaskStepForms({ userId, incidentId, caseNumber, steps }: TaskStepFormsProps) {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const [open, setOpen] = useState<'return' | null>(null)
  const [text, setText] = useState('')
  const [photos, setPhotos] = useState<Blob[]>([])
  const [photosBusy, setPhotosBusy] = useState(false)
  const [saving, setSaving] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)

  const take = async (action: WorkerAction, event?: FormEvent) => {
    event?.preventDefault()
    if (action !== 'accept' && !text.trim())
      return setProblem(t(action === 'return' ? 'worker.task.needReason' : 'worker.task.needNote'))
    setSaving(true)
    setProblem(null)
    try {
      await enqueue(userId, newClientId(), {
        kind: 'action',
        caseNumber,
        step: { incidentId, action, text, photos: action === 'feedback' ? photos : [] },
      })
      setText('')
      setPhotos([])
      setOpen(null)
      if (action !== 'accept') await navigate('/m', { state: { queued: action } })
    } catch (error) {
      setProblem(t('worker.report.storeFailed', { message: storageProblem(t, error) }))
    } finally {
      setSaving(false)
    }
  }

  if (steps.length === 0) return null
  return (
    <section className="task-steps">
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      {steps.includes('accept') && (
        <button
          type="button"
          className="submit-button"
          disabled={saving}
          onClick={() => void take('accept')}
          data-testid="task-accept"
        >
          {t('worker.task.steps.accept')}
        </button>
      )}
      {steps.includes('return') &&
        (open === 'return' ? (
          <form onSubmit={(e) => void take('return', e)} className="task-step-form">
            <label className="field">
              <span>{t('worker.task.reason')}</span>
              <textarea value={text} rows={3} maxLength={2000} onChange={(e) => setText(e.target.value)} />
            </label>
            <button type="submit" className="secondary-button" disabled={saving}>
              {t('worker.task.steps.return')}
            </button>
          </form>
        ) : (
          <button
            type="button"
            className="secondary-button"
            onClick={() => setOpen('return')}
            data-testid="task-return"
          >
            {t('worker.task.returnMisdirected')}
          </button>
        ))}
      {steps.includes('feedback') && (
        <form onSubmit={(e) => void take('feedback', e)} className="task-step-form" data-testid="task-feedback-form">
          <PhotoPicker photos={photos} onChange={setPhotos} onBusy={setPhotosBusy} label={t('worker.photos.after')} />
          <label className="field">
            <span>{t('worker.task.note')}</span>
            <textarea
              value={text}
              rows={3}
              maxLength={2000}
              placeholder={t('worker.task.noteHint')}
              onChange={(e) => setText(e.target.value)}
            />
          </label>
          <button type="submit" className="submit-button" disabled={saving || photosBusy} data-testid="task-feedback">
            {t('worker.task.steps.feedback')}
          </button>
        </form>
      )}
    </section>
  )
}
