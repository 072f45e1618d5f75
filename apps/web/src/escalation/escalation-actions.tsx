import './escalation.css'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { apiFetch } from '../api/client.ts'
import { errorMessage } from '../i18n/error-message.ts'
import { useCurrentUser } from '../session/current-user.tsx'

const URGEABLE = new Set(['dispatched', 'in_progress'])
const OPEN = new Set(['reported', 'registered', 'dispatched', 'in_progress', 'handled'])

/**
 * 催办 (a supervisor's note to the assignee of a case being handled) and 督办 (a manager pins the case until it
 * is closed), on the case page of the roles that may take them.
 */
export function EscalationActions({
  incident,
  onChanged,
}: {
  incident: { id: string; status: string }
  onChanged: () => void
}) {
  const { t } = useTranslation()
  const user = useCurrentUser()
  const [open, setOpen] = useState<'urge' | 'supervise' | null>(null)
  const [note, setNote] = useState('')
  const [message, setMessage] = useState<string | null>(null)
  const canUrge = (user.role === 'supervisor' || user.role === 'admin') && URGEABLE.has(incident.status)
  const canSupervise = user.role === 'manager' && OPEN.has(incident.status)
  if (!canUrge && !canSupervise) return null

  async function send(event: FormEvent) {
    event.preventDefault()
    if (!open) return
    setMessage(null)
    try {
      await apiFetch(`/incidents/${incident.id}/${open}`, {
        method: 'POST',
        body: open === 'urge' ? { note } : note.trim() ? { note } : {},
      })
      setOpen(null)
      setNote('')
      setMessage(t('escalation.sent'))
      onChanged()
    } catch (error) {
      setMessage(errorMessage(t, error instanceof Error ? error : new Error(String(error))))
    }
  }

  return (
    <div className="escalation-actions" data-testid="escalation-actions">
      {canUrge && (
        <button type="button" onClick={() => setOpen(open === 'urge' ? null : 'urge')}>
          {t('escalation.urge')}
        </button>
      )}
      {canSupervise && (
        <button type="button" onClick={() => setOpen(open === 'supervise' ? null : 'supervise')}>
          {t('escalation.supervise')}
        </button>
      )}
      {open && (
        <form onSubmit={(e) => void send(e)}>
          <label>
            {open === 'urge' ? t('escalation.urgeNote') : t('escalation.superviseNote')}
            <textarea
              value={note}
              onChange={(e) => setNote(e.target.value)}
              required={open === 'urge'}
              maxLength={500}
            />
          </label>
          <button type="submit">{open === 'urge' ? t('escalation.urgeSend') : t('escalation.superviseSend')}</button>
        </form>
      )}
      {message && <p role="status">{message}</p>}
    </div>
  )
}
