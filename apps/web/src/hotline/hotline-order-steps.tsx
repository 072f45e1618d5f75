import { useQueryClient } from '@tanstack/react-query'
import { hotlineStepsAllowed, REVISIT_OUTCOMES, type HotlineStep, type IncidentState } from '@wangge/workflow'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { errorMessage } from '../i18n/error-message.ts'
import { useCurrentUser } from '../session/current-user.tsx'
import { takeHotlineStep, type HotlineOrder, type HotlineStepBody, type RevisitResult } from './hotline-api.ts'

/**
 * The steps an order can take now (签收, 回单, 退单, 回访), from the same table as the API (@wangge/workflow):
 * 签收 at one click, the others with their text in a small form. Every hotline query is refreshed after a step,
 * and the case's own (a dissatisfied revisit reopens it).
 */
export function HotlineOrderSteps({ order }: { order: HotlineOrder }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const [open, setOpen] = useState<HotlineStep | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [sending, setSending] = useState(false)
  const user = useCurrentUser()
  // The command centre answers the city; a manager reads the order but takes no step (the API says 403 too).
  const steps =
    user.role === 'supervisor' || user.role === 'admin'
      ? hotlineStepsAllowed(order.status, order.incident.status as IncidentState)
      : []
  if (steps.length === 0) return <span className="desk-hint">—</span>

  async function send(body: HotlineStepBody) {
    setSending(true)
    setError(null)
    try {
      await takeHotlineStep(order.id, body)
      setOpen(null)
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['hotline'] }),
        queryClient.invalidateQueries({ queryKey: ['incidents'] }),
      ])
    } catch (failure) {
      setError(failure instanceof Error ? errorMessage(t, failure) : String(failure))
    } finally {
      setSending(false)
    }
  }

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const data = new FormData(event.currentTarget)
    const text = (name: string) => String(data.get(name) ?? '').trim()
    if (open === 'reply') void send({ step: 'reply', result: text('result') })
    if (open === 'return') void send({ step: 'return', reason: text('reason') })
    if (open === 'revisit') {
      const note = text('note')
      void send({ step: 'revisit', result: text('result') as RevisitResult, ...(note ? { note } : {}) })
    }
  }

  return (
    <div className="hotline-steps" data-testid={`hotline-steps-${order.orderNumber}`}>
      <div className="hotline-step-buttons">
        {steps.map((step) => (
          <button
            key={step}
            type="button"
            disabled={sending}
            data-testid={`hotline-${step}`}
            aria-expanded={step === 'sign' ? undefined : open === step}
            onClick={() => (step === 'sign' ? void send({ step: 'sign' }) : setOpen(open === step ? null : step))}
          >
            {t(`hotline.step.${step}`)}
          </button>
        ))}
      </div>
      {open && open !== 'sign' && (
        <form className="hotline-step-form" onSubmit={submit} data-testid={`hotline-form-${open}`}>
          {open === 'reply' && (
            <label>
              {t('hotline.form.result')}
              <textarea name="result" required maxLength={2000} rows={3} />
            </label>
          )}
          {open === 'return' && (
            <label>
              {t('hotline.form.reason')}
              <textarea name="reason" required maxLength={2000} rows={3} />
            </label>
          )}
          {open === 'revisit' && (
            <>
              <fieldset>
                <legend>{t('hotline.form.revisitResult')}</legend>
                {REVISIT_OUTCOMES.map((result, i) => (
                  <label key={result}>
                    <input type="radio" name="result" value={result} defaultChecked={i === 0} />{' '}
                    {t(`hotline.revisit.${result}`)}
                  </label>
                ))}
              </fieldset>
              <p className="desk-hint">{t('hotline.form.dissatisfiedHint')}</p>
              <label>
                {t('hotline.form.note')}
                <textarea name="note" maxLength={2000} rows={2} />
              </label>
            </>
          )}
          <button type="submit" disabled={sending}>
            {t(`hotline.form.submit.${open}`)}
          </button>
        </form>
      )}
      {error && <p role="alert">{error}</p>}
    </div>
  )
}
