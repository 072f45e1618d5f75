import { useTranslation } from 'react-i18next'
import { formatTime } from '../i18n/format-time.ts'
import { historyMarks, type HistoryStep } from './history-marks.ts'

interface HistoryRow extends HistoryStep {
  id: string
  at: string
  actor: { name: string }
  note: string | null
}

/**
 * A case's history, oldest first: when, who, which step — a verification with its outcome (核查通过 / 核查不通过),
 * a failed one marked as the rework it started (返工 第 N 次) — and the step's note or reason.
 */
export function CaseHistory({ history }: { history: readonly HistoryRow[] }) {
  const { t, i18n } = useTranslation()
  const marks = historyMarks(history)
  return (
    <ol className="incident-history" data-testid="case-history">
      {history.map((h, i) => {
        const { verdict, rework } = marks[i]!
        return (
          <li key={h.id} className={verdict === 'failed' ? 'history-failed' : undefined}>
            <span className="history-time">{formatTime(h.at, i18n.language)}</span> {h.actor.name} ·{' '}
            {verdict ? t(`department.verdict.${verdict}`) : t(`live.action.${h.action}`, { defaultValue: h.action })}
            {rework !== null && <span className="history-rework"> · {t('department.reworkNth', { n: rework })}</span>}
            {h.note && <span className="history-note"> — {h.note}</span>}
          </li>
        )
      })}
    </ol>
  )
}
