import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { AuditFilters } from '../../api/audit.ts'
import { AUDIT_ENTITIES } from './audit-names.ts'

interface AuditFiltersProps {
  value: AuditFilters
  onChange: (filters: AuditFilters) => void
}

/**
 * The log's filters, applied together on submit. Dates are whole days in Shanghai: "to" includes its day, which
 * is how people read a date range.
 */
export function AuditFiltersBar({ value, onChange }: AuditFiltersProps) {
  const { t } = useTranslation()
  const [draft, setDraft] = useState(() => ({
    entity: value.entity ?? '',
    entityId: value.entityId ?? '',
    actorId: value.actorId === undefined ? '' : String(value.actorId),
    action: value.action ?? '',
    from: dayOf(value.from),
    to: dayOf(value.to),
  }))
  const set = (field: keyof typeof draft) => (event: { target: { value: string } }) => setDraft((d) => ({ ...d, [field]: event.target.value }))

  function submit(event: FormEvent) {
    event.preventDefault()
    const actorId = Number(draft.actorId)
    onChange({
      entity: draft.entity || undefined,
      entityId: draft.entityId.trim() || undefined,
      actorId: Number.isSafeInteger(actorId) && actorId > 0 ? actorId : undefined,
      action: draft.action.trim() || undefined,
      from: draft.from ? `${draft.from}T00:00:00+08:00` : undefined,
      to: draft.to ? `${draft.to}T23:59:59.999+08:00` : undefined,
    })
  }

  return (
    <form className="filter-bar" role="search" onSubmit={submit}>
      <label>
        {t('audit.fields.entity')}
        <select value={draft.entity} onChange={set('entity')}>
          <option value="">{t('audit.allEntities')}</option>
          {AUDIT_ENTITIES.map((entity) => (
            <option key={entity} value={entity}>
              {t(`audit.entities.${entity}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('audit.fields.entityId')}
        <input value={draft.entityId} onChange={set('entityId')} size={8} maxLength={50} />
      </label>
      <label>
        {t('audit.fields.actorId')}
        <input value={draft.actorId} onChange={set('actorId')} inputMode="numeric" size={6} />
      </label>
      <label>
        {t('audit.fields.action')}
        <input value={draft.action} onChange={set('action')} size={16} maxLength={50} placeholder="user.update" />
      </label>
      <label>
        {t('audit.fields.from')}
        <input type="date" value={draft.from} onChange={set('from')} />
      </label>
      <label>
        {t('audit.fields.to')}
        <input type="date" value={draft.to} onChange={set('to')} />
      </label>
      <button type="submit">{t('common.filter')}</button>
    </form>
  )
}

/** The YYYY-MM-DD at the start of an ISO timestamp written by this form. */
function dayOf(iso: string | undefined): string {
  return iso?.slice(0, 10) ?? ''
}
