import { useTranslation } from 'react-i18next'
import { formatTime } from '../../i18n/format-time.ts'
import { serverErrorText } from '../../i18n/server-message.ts'
import { useDuty } from './duty-context.tsx'

/**
 * 在岗 — while on, the worker's position is shared with the live map (see duty-context.tsx); the connection's state
 * is shown as it is, failures included.
 */
export function DutySwitch() {
  const { t, i18n } = useTranslation()
  const { onDuty, setOnDuty: toggle, state: duty } = useDuty()

  return (
    <div className="duty-switch">
      <label className="switch">
        <input
          type="checkbox"
          role="switch"
          checked={onDuty}
          onChange={(e) => toggle(e.target.checked)}
          data-testid="duty-switch"
        />
        <span>{t('worker.duty.label')}</span>
      </label>
      {onDuty && (
        <span className={`duty-state duty-${duty.connection}`} data-testid="duty-state">
          {t(`worker.duty.connection.${duty.connection}`)}
          {duty.gps !== 'ok' && ` · ${t(`worker.duty.gps.${duty.gps}`)}`}
          {duty.lastSentAt !== null &&
            ` · ${t('worker.duty.lastSent', { at: formatTime(new Date(duty.lastSentAt).toISOString(), i18n.language) })}`}
          {duty.problem &&
            ` · ${duty.problem === 'NO_ACK' ? t('worker.duty.noAck') : t('worker.duty.refused', { reason: serverErrorText(t, duty.problem) ?? t('errors.unknown') })}`}
        </span>
      )}
    </div>
  )
}
