import type { RoutingRule, RoutingRuleBody } from '@wangge/contract'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { categoriesQuery } from '../api/incident-reports.ts'
import { formatTime } from '../i18n/format-time.ts'
import { LadderEditor } from './ladder-editor.tsx'
import { laddersQuery, removeRule, reviewQuery, rulesQuery, saveRule } from './routing-api.ts'
import { RuleForm } from './rule-form.tsx'
import { RulePreview } from './rule-preview.tsx'
import '../admin/admin.css'
import './routing.css'

/** 分拨规则 (admins): the rules, a form, the preview on the map, the rules to review and the street's ladder. */
export function RoutingPage() {
  const { t, i18n } = useTranslation()
  const queryClient = useQueryClient()
  const rules = useQuery(rulesQuery)
  const categories = useQuery(categoriesQuery)
  const review = useQuery(reviewQuery)
  const ladders = useQuery(laddersQuery)
  const [editing, setEditing] = useState<RoutingRule | 'new' | null>(null)

  async function save(body: RoutingRuleBody) {
    await saveRule(editing === 'new' || editing === null ? null : editing.id, body)
    setEditing(null)
    await queryClient.invalidateQueries({ queryKey: ['routing'] })
  }
  async function remove(rule: RoutingRule) {
    if (!window.confirm(t('routing.confirmRemove'))) return
    await removeRule(rule.id)
    await queryClient.invalidateQueries({ queryKey: ['routing'] })
  }

  return (
    <div className="admin-page routing-page">
      <header className="admin-header">
        <h1>{t('routing.title')}</h1>
      </header>
      <p className="routing-intro">{t('routing.intro')}</p>

      <section aria-labelledby="rules-heading">
        <div className="routing-section-head">
          <h2 id="rules-heading">{t('routing.rules')}</h2>
          <button type="button" onClick={() => setEditing('new')} disabled={editing !== null}>
            {t('routing.add')}
          </button>
        </div>
        {editing !== null && categories.data && (
          <RuleForm
            rule={editing === 'new' ? null : editing}
            categories={categories.data}
            onSave={save}
            onCancel={() => setEditing(null)}
          />
        )}
        {rules.isError && <p role="alert">{t('routing.loadFailed')}</p>}
        {rules.data?.length === 0 && <p>{t('routing.empty')}</p>}
        {rules.data && rules.data.length > 0 && (
          <table className="routing-table" data-testid="routing-rules">
            <thead>
              <tr>
                <th>#</th>
                <th>{t('routing.category')}</th>
                <th>{t('routing.grid')}</th>
                <th>{t('routing.target')}</th>
                <th>{t('routing.auto')}</th>
                <th>{t('routing.note')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {rules.data.map((rule) => (
                <tr key={rule.id}>
                  <td>{rule.id}</td>
                  <td>
                    {rule.category
                      ? `${rule.category.name}${rule.category.isGroup ? t('routing.group') : ''}`
                      : t('routing.anyCategory')}
                  </td>
                  <td>{rule.grid?.name ?? t('routing.wholeStreet')}</td>
                  <td>{rule.department?.name ?? t('routing.targetGridWorker')}</td>
                  <td>{rule.autoDispatch ? t('routing.autoOn') : t('routing.autoOff')}</td>
                  <td>{rule.note}</td>
                  <td className="routing-row-actions">
                    <button type="button" onClick={() => setEditing(rule)} disabled={editing !== null}>
                      {t('routing.edit')}
                    </button>
                    <button type="button" onClick={() => void remove(rule)}>
                      {t('routing.remove')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="preview-heading">
        <h2 id="preview-heading">{t('routing.preview')}</h2>
        {categories.data && <RulePreview categories={categories.data} />}
      </section>

      <section aria-labelledby="review-heading">
        <h2 id="review-heading">{t('routing.review')}</h2>
        <p className="routing-intro">{t('routing.reviewIntro')}</p>
        {review.data?.length === 0 && <p>{t('routing.reviewEmpty')}</p>}
        <ul className="review-list">
          {review.data?.map((item) => (
            <li key={item.rule?.id ?? 'none'}>
              <strong>
                {item.rule
                  ? `${item.rule.category?.name ?? t('routing.anyCategory')} · ${item.rule.grid?.name ?? t('routing.wholeStreet')}`
                  : t('routing.reviewNoRule')}
              </strong>{' '}
              {t('routing.returns', { count: item.returns })}
              <ul>
                {item.recent.map((r) => (
                  <li key={`${r.incidentId}-${r.at}`}>
                    {r.caseNumber} · {r.department ?? ''} · {formatTime(r.at, i18n.language)} — {r.reason}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="ladder-heading">
        <h2 id="ladder-heading">{t('routing.ladder')}</h2>
        <p className="routing-intro">{t('routing.ladderIntro')}</p>
        {ladders.data && <LadderEditor ladder={ladders.data.default} />}
      </section>
    </div>
  )
}
