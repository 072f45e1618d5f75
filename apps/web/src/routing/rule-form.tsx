import type { CategoryGroup, RoutingRule, RoutingRuleBody } from '@wangge/contract'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { GridSummary } from '../api/types.ts'
import { useDepartments } from '../api/use-departments.ts'
import { errorMessage } from '../i18n/error-message.ts'
import { GridPicker } from '../grid-picker/grid-picker.tsx'

interface RuleFormProps {
  rule: RoutingRule | null
  categories: readonly CategoryGroup[]
  onSave: (body: RoutingRuleBody) => Promise<void>
  onCancel: () => void
}

/** A rule's fields: a category (sub-category, group, or any), a grid (or the whole street), a target, auto-dispatch. */
export function RuleForm({ rule, categories, onSave, onCancel }: RuleFormProps) {
  const { t } = useTranslation()
  const departments = useDepartments()
  const [categoryId, setCategoryId] = useState<number | null>(rule?.category?.id ?? null)
  const [grids, setGrids] = useState<GridSummary[]>(rule?.grid ? [rule.grid as GridSummary] : [])
  const [target, setTarget] = useState<RoutingRuleBody['target']>(rule?.target ?? 'department')
  const [departmentId, setDepartmentId] = useState<number | null>(rule?.department?.id ?? null)
  const [autoDispatch, setAutoDispatch] = useState(rule?.autoDispatch ?? false)
  const [note, setNote] = useState(rule?.note ?? '')
  const [failure, setFailure] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)

  async function submit(event: FormEvent) {
    event.preventDefault()
    setSaving(true)
    setFailure(null)
    try {
      await onSave({
        categoryId,
        gridId: grids[0]?.id ?? null,
        target,
        departmentId: target === 'department' ? departmentId : null,
        autoDispatch,
        note,
      })
    } catch (error) {
      setFailure(errorMessage(t, error instanceof Error ? error : new Error(String(error))))
    } finally {
      setSaving(false)
    }
  }

  return (
    <form
      className="rule-form"
      onSubmit={(e) => void submit(e)}
      aria-label={rule ? t('routing.edit') : t('routing.add')}
    >
      <label>
        {t('routing.category')}
        <select
          value={categoryId ?? ''}
          onChange={(e) => setCategoryId(e.target.value ? Number(e.target.value) : null)}
          data-testid="rule-category"
        >
          <option value="">{t('routing.anyCategory')}</option>
          {categories.map((group) => (
            <optgroup key={group.id} label={group.name}>
              <option value={group.id}>
                {group.name}
                {t('routing.group')}
              </option>
              {group.children.map((sub) => (
                <option key={sub.id} value={sub.id}>
                  {sub.code} {sub.name}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      <div className="rule-grid">
        <span>{t('routing.grid')}</span>
        <GridPicker selected={grids} onChange={setGrids} single />
        {grids.length === 0 && <span className="rule-hint">{t('routing.wholeStreet')}</span>}
      </div>
      <fieldset className="rule-target">
        <legend>{t('routing.target')}</legend>
        <label>
          <input type="radio" checked={target === 'department'} onChange={() => setTarget('department')} />
          {t('routing.targetDepartment')}
        </label>
        <label>
          <input type="radio" checked={target === 'grid_worker'} onChange={() => setTarget('grid_worker')} />
          {t('routing.targetGridWorker')}
        </label>
        {target === 'department' && (
          <select
            value={departmentId ?? ''}
            onChange={(e) => setDepartmentId(e.target.value ? Number(e.target.value) : null)}
            required
            aria-label={t('routing.department')}
            data-testid="rule-department"
          >
            <option value="">{t('routing.chooseDepartment')}</option>
            {departments.status === 'ready' &&
              departments.data.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
          </select>
        )}
      </fieldset>
      <label className="rule-auto">
        <input type="checkbox" checked={autoDispatch} onChange={(e) => setAutoDispatch(e.target.checked)} />
        {t('routing.auto')}
      </label>
      <label>
        {t('routing.note')}
        <input value={note} maxLength={200} onChange={(e) => setNote(e.target.value)} />
      </label>
      {failure && <p role="alert">{failure}</p>}
      <div className="rule-actions">
        <button type="submit" disabled={saving}>
          {t('routing.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('routing.cancel')}
        </button>
      </div>
    </form>
  )
}
