import type { IncidentAction } from '@wangge/workflow'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { IncidentDetail } from '../api/incident-types.ts'
import { takeIncidentAction, type ActionInputs } from '../api/incidents.ts'
import { errorMessage } from '../i18n/error-message.ts'
import { DispatchForm } from './dispatch-form.tsx'

/** The supervisor's steps; a worker's or handler's own steps are taken on their pages, not on the command map. */
const SUPERVISING = ['register', 'reject', 'dispatch', 'extend', 'verify'] as const
type SupervisingAction = (typeof SUPERVISING)[number]

const isSupervising = (action: IncidentAction): action is SupervisingAction =>
  (SUPERVISING as readonly string[]).includes(action)

/** One button per allowed step; a step that needs input opens its small form first. */
export function IncidentActions({
  incident,
  actions,
  onDone,
}: {
  incident: IncidentDetail
  actions: IncidentAction[]
  onDone: () => void
}) {
  const { t } = useTranslation()
  const [open, setOpen] = useState<SupervisingAction | null>(null)
  const shown = actions.filter(isSupervising)
  if (shown.length === 0) return null
  return (
    <section className="incident-actions" data-testid="incident-actions">
      <div className="incident-action-buttons">
        {shown.map((action) => (
          <button
            key={action}
            type="button"
            data-testid={`action-${action}`}
            aria-pressed={open === action}
            onClick={() => setOpen(open === action ? null : action)}
          >
            {t(`live.action.${action}`)}
          </button>
        ))}
      </div>
      {open && (
        <ActionForm
          key={open}
          incident={incident}
          action={open}
          onDone={() => {
            setOpen(null)
            onDone()
          }}
        />
      )}
    </section>
  )
}

function ActionForm({
  incident,
  action,
  onDone,
}: {
  incident: IncidentDetail
  action: SupervisingAction
  onDone: () => void
}) {
  const { t } = useTranslation()
  const [error, setError] = useState<string | null>(null)
  const [sending, setSending] = useState(false)
  // Closing a case (a passed verification) and rejecting one cannot be undone: the step waits for a second click.
  const [confirming, setConfirming] = useState<(() => void) | null>(null)

  async function send<A extends SupervisingAction>(a: A, input: ActionInputs[A]) {
    setSending(true)
    setError(null)
    try {
      await takeIncidentAction(incident.id, a, input)
      onDone()
    } catch (failure) {
      setError(failure instanceof Error ? errorMessage(t, failure) : String(failure))
      setSending(false)
    }
  }

  const feedback = (
    <>
      {error && <p role="alert">{error}</p>}
      {sending && <p role="status">{t('common.saving')}</p>}
    </>
  )

  if (action === 'dispatch') {
    return (
      <>
        <DispatchForm incident={incident} sending={sending} onSubmit={(input) => void send('dispatch', input)} />
        {feedback}
      </>
    )
  }
  return (
    <form
      className="action-form"
      data-testid={`form-${action}`}
      onSubmit={(event: FormEvent<HTMLFormElement>) => {
        event.preventDefault()
        const data = new FormData(event.currentTarget)
        const text = (name: string) => String(data.get(name) ?? '').trim()
        switch (action) {
          case 'register':
            void send('register', text('note') ? { note: text('note') } : {})
            break
          case 'reject': {
            const reason = text('reason')
            setConfirming(() => () => void send('reject', { reason }))
            break
          }
          case 'extend':
            void send('extend', { dueAt: shanghaiInputToIso(text('dueAt')), reason: text('reason') })
            break
          case 'verify': {
            const input = { passed: text('passed') === 'yes', ...(text('note') ? { note: text('note') } : {}) }
            if (input.passed) setConfirming(() => () => void send('verify', input))
            else void send('verify', input)
            break
          }
        }
      }}
    >
      {action === 'verify' && (
        <fieldset>
          <label>
            <input type="radio" name="passed" value="yes" defaultChecked /> {t('live.form.passed')}
          </label>
          <label>
            <input type="radio" name="passed" value="no" /> {t('live.form.failed')}
          </label>
        </fieldset>
      )}
      {action === 'extend' && (
        <label>
          {t('live.form.newDueAt')} <input type="datetime-local" name="dueAt" required />
        </label>
      )}
      {action === 'reject' || action === 'extend' ? (
        <label>
          {t('live.form.reason')} <textarea name="reason" required maxLength={500} />
        </label>
      ) : (
        <label>
          {t('live.form.note')} <textarea name="note" maxLength={500} />
        </label>
      )}
      <button type="submit" disabled={sending || confirming !== null} data-testid={`submit-${action}`}>
        {t(`live.action.${action}`)}
      </button>
      {confirming && (
        <div
          className="action-confirm"
          role="alertdialog"
          aria-labelledby={`confirm-${action}`}
          data-testid={`confirm-${action}`}
        >
          <p id={`confirm-${action}`}>
            {t(action === 'reject' ? 'incidentDesk.confirm.reject' : 'incidentDesk.confirm.close')}
          </p>
          <button
            type="button"
            data-testid="confirm-yes"
            onClick={() => {
              confirming()
              setConfirming(null)
            }}
          >
            {t('incidentDesk.confirm.yes')}
          </button>
          <button type="button" data-testid="confirm-no" onClick={() => setConfirming(null)}>
            {t('common.cancel')}
          </button>
        </div>
      )}
      {feedback}
    </form>
  )
}

/** A datetime-local value read as Shanghai time, whatever the computer's zone (the street's clock). */
function shanghaiInputToIso(value: string): string {
  return new Date(`${value}:00+08:00`).toISOString()
}
