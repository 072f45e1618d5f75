import type { EscalationLadder } from '@wangge/contract'
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { apiFetch } from '../api/client.ts'
import { errorMessage } from '../i18n/error-message.ts'
import { laddersQuery } from './routing-api.ts'

type Step = EscalationLadder['steps'][number]
const AUDIENCES: Step['notify'][number][] = ['assignee', 'supervisor', 'manager']

/** The street's default ladder: each step's share of the handling time, its level and whom it tells. */
export function LadderEditor({ ladder }: { ladder: EscalationLadder }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const [steps, setSteps] = useState<Step[]>(ladder.steps)
  const [message, setMessage] = useState<string | null>(null)

  const change = (index: number, next: Partial<Step>) =>
    setSteps(steps.map((s, i) => (i === index ? { ...s, ...next } : s)))

  async function save() {
    setMessage(null)
    try {
      await apiFetch('/escalation/ladders', { method: 'PUT', body: { categoryId: null, steps } })
      await queryClient.invalidateQueries({ queryKey: laddersQuery.queryKey })
      setMessage(t('routing.ladderSaved'))
    } catch (error) {
      setMessage(errorMessage(t, error instanceof Error ? error : new Error(String(error))))
    }
  }

  return (
    <div className="ladder-editor">
      <table className="ladder-table">
        <thead>
          <tr>
            <th>{t('routing.percent')}</th>
            <th aria-hidden="true" />
            {AUDIENCES.map((a) => (
              <th key={a}>{t(`routing.audience.${a}`)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {steps.map((step, index) => (
            <tr key={index}>
              <td>
                <input
                  type="number"
                  min={1}
                  max={1000}
                  value={step.percent}
                  aria-label={t('routing.percent')}
                  onChange={(e) => change(index, { percent: Number(e.target.value) })}
                />
              </td>
              <td className={`ladder-level ladder-${step.level}`}>{t(`routing.level.${step.level}`)}</td>
              {AUDIENCES.map((a) => (
                <td key={a}>
                  <input
                    type="checkbox"
                    aria-label={t(`routing.audience.${a}`)}
                    checked={step.notify.includes(a)}
                    onChange={(e) =>
                      change(index, {
                        notify: e.target.checked ? [...step.notify, a] : step.notify.filter((x) => x !== a),
                      })
                    }
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={() => void save()}>
        {t('routing.ladderSave')}
      </button>
      {message && <span role="status"> {message}</span>}
    </div>
  )
}
