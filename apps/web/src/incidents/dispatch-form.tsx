import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { IncidentDetail } from '../api/incident-types.ts'
import { workerPositionsQuery, type ActionInputs } from '../api/incidents.ts'
import { useApiQuery } from '../api/use-api-query.ts'
import { departmentName, useDepartments } from '../api/use-departments.ts'

/**
 * Dispatch to a worker, a department, or both. The on-duty workers of the incident's community are suggested
 * nearest first, with their distance; departments come from the list the API keeps.
 */
export function DispatchForm({
  incident,
  sending,
  onSubmit,
}: {
  incident: IncidentDetail
  sending: boolean
  onSubmit: (input: ActionInputs['dispatch']) => void
}) {
  const { t, i18n } = useTranslation()
  const community = incident.grids.find((g) => g.level === 1)
  const workers = useApiQuery(
    workerPositionsQuery({ near: incident.location, ...(community ? { grid: community.id } : {}) }),
  ).resource
  const departments = useDepartments()
  const [userId, setUserId] = useState<number | null>(null)
  const [departmentId, setDepartmentId] = useState<number | null>(null)
  const [note, setNote] = useState('')

  return (
    <form
      className="action-form"
      data-testid="form-dispatch"
      onSubmit={(event) => {
        event.preventDefault()
        onSubmit({
          ...(userId !== null ? { userId } : {}),
          ...(departmentId !== null ? { departmentId } : {}),
          ...(note.trim() ? { note: note.trim() } : {}),
        })
      }}
    >
      <fieldset data-testid="nearest-workers">
        <legend>{t('live.form.nearestWorkers')}</legend>
        {workers.status === 'ready' && workers.data.length === 0 && (
          <p className="queue-empty">{t('live.form.noWorkers')}</p>
        )}
        {workers.status === 'ready' &&
          workers.data.map((w) => (
            <label key={w.userId}>
              <input
                type="radio"
                name="userId"
                value={w.userId}
                checked={userId === w.userId}
                onChange={() => setUserId(w.userId)}
              />{' '}
              {w.name}
              {w.distanceM !== null && w.distanceM !== undefined && (
                <span className="worker-distance"> · {formatDistance(w.distanceM)}</span>
              )}
              {w.stale && <span className="worker-distance"> · {t('live.workers.stale')}</span>}
            </label>
          ))}
        {userId !== null && (
          <button type="button" className="link-button" onClick={() => setUserId(null)}>
            {t('live.form.noWorker')}
          </button>
        )}
      </fieldset>
      <label>
        {t('live.form.department')}{' '}
        <select
          value={departmentId ?? ''}
          onChange={(e) => setDepartmentId(e.target.value ? Number(e.target.value) : null)}
        >
          <option value="">{t('live.form.noDepartment')}</option>
          {departments.status === 'ready' &&
            departments.data.map((d) => (
              <option key={d.id} value={d.id}>
                {departmentName(d, departments, i18n.language)}
              </option>
            ))}
        </select>
      </label>
      <label>
        {t('live.form.note')} <textarea value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
      </label>
      <button
        type="submit"
        disabled={sending || (userId === null && departmentId === null)}
        data-testid="submit-dispatch"
      >
        {t('live.action.dispatch')}
      </button>
    </form>
  )
}

function formatDistance(metres: number): string {
  return metres < 1000 ? `${Math.round(metres)} m` : `${(metres / 1000).toFixed(1)} km`
}
