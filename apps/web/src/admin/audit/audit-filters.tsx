import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { AuditFilters } from '../../api/audit.ts'
import { ActorPicker, type PickedActor } from './actor-picker.tsx'
import { actionName, AUDIT_ACTIONS, AUDIT_ENTITIES } from './audit-names.ts'

/** The filters as the page keeps them: the API's, plus the picked person's name to show beside their id. */
export type AuditPageFilters = AuditFilters & { actorName?: string | undefined }

interface AuditFiltersProps {
  value: AuditPageFilters
  onChange: (filters: AuditPageFilters) => void
}

/**
 * The log's filters, applied together on submit: a person picked by name, a target by type and name or number,
 * an action in words. Dates are whole days in Shanghai: "to" includes its day, which is how people read a range.
 */
export function AuditFiltersBar({ value, onChange }: AuditFiltersProps) {
  const { t } = useTranslation()
  const [draft, setDraft] = useState(() => ({
    entity: value.entity ?? '',
    target: value.target ?? '',
    action: value.action ?? '',
    from: dayOf(value.from),
    to: dayOf(value.to),
  }))
  const [actor, setActor] = useState<PickedActor | null>(
    value.actorId === undefined ? null : { id: value.actorId, name: value.actorName ?? '' },
  )
  const set = (field: keyof typeof draft) => (event: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [field]: event.target.value }))

  function submit(event: FormEvent) {
    event.preventDefault()
    onChange({
      entity: draft.entity || undefined,
      target: draft.target.trim() || undefined,
      actorId: actor?.id,
      actorName: actor?.name,
      action: draft.action || undefined,
      from: draft.from ? `${draft.from}T00:00:00+08:00` : undefined,
      to: draft.to ? `${draft.to}T23:59:59.999+08:00` : undefined,
    })
  }

  return (
    <form className="filter-bar" role="search" onSubmit={submit}>
      <label>
        {t('audit.fields.actor')}
        <ActorPicker value={actor} onChange={setActor} />
      </label>
      <label>
        {t('audit.fields.entity')}
        <select value={draft.entity} onChange={set('entity')} data-testid="audit-entity">
          <option value="">{t('audit.allEntities')}</option>
          {AUDIT_ENTITIES.map((entity) => (
            <option key={entity} value={entity}>
              {t(`audit.entities.${entity}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('audit.fields.target')}
        <input
          value={draft.target}
          onChange={set('target')}
          size={18}
          maxLength={50}
          placeholder={t('audit.hints.target')}
          data-testid="audit-target"
        />
      </label>
      <label>
        {t('audit.fields.action')}
        <select value={draft.action} onChange={set('action')}>
          <option value="">{t('audit.allActions')}</option>
          {AUDIT_ACTIONS.map((action) => (
            <option key={action} value={action}>
              {actionName(t, action)}
            </option>
          ))}
        </select>
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
