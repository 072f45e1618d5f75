import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { CategoryGroup, Open311Key, Open311KeyCreated } from '@wangge/contract'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Dialog } from '../admin/dialog.tsx'
import { categoriesQuery } from '../api/incident-reports.ts'
import { useApiQuery } from '../api/use-api-query.ts'
import { errorMessage } from '../i18n/error-message.ts'
import { formatTime } from '../i18n/format-time.ts'
import { createOpen311Key, open311KeysQuery, revokeOpen311Key } from './open311-keys-api.ts'
import '../admin/admin.css'
import './open311.css'

type Notice = { kind: 'done' | 'failed'; text: string } | null

/**
 * `/admin/open311`: the API keys of the systems that file cases through Open311 — one per system, with the services
 * it may file and its rate a minute. A new key is shown once, in its own dialog; afterwards only its first eight
 * characters. A key is revoked, never deleted: the cases it filed keep naming it.
 */
export function Open311KeysPage() {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const { resource, retry } = useApiQuery(open311KeysQuery)
  const categories = useQuery(categoriesQuery).data
  const [creating, setCreating] = useState(false)
  const [shown, setShown] = useState<Open311KeyCreated | null>(null)
  const [notice, setNotice] = useState<Notice>(null)

  const refresh = () => void queryClient.invalidateQueries({ queryKey: open311KeysQuery.queryKey })

  async function revoke(key: Open311Key) {
    if (!window.confirm(t('open311Keys.confirmRevoke', { name: key.name }))) return
    try {
      await revokeOpen311Key(key.id)
      setNotice({ kind: 'done', text: t('open311Keys.revoked', { name: key.name }) })
      refresh()
    } catch (error) {
      setNotice({ kind: 'failed', text: errorMessage(t, error instanceof Error ? error : new Error(String(error))) })
    }
  }

  return (
    <div className="admin-page">
      <header className="admin-header">
        <h1>{t('open311Keys.title')}</h1>
        <button type="button" className="primary-button" onClick={() => setCreating(true)}>
          {t('open311Keys.create')}
        </button>
      </header>
      <p className="field-hint open311-intro">
        {t('open311Keys.intro', { endpoint: `${window.location.origin}/open311/v2` })}
      </p>
      {notice && (
        <p className="page-notice" role={notice.kind === 'failed' ? 'alert' : 'status'}>
          {notice.text}
        </p>
      )}
      {resource.status === 'loading' && <p role="status">{t('common.loading')}</p>}
      {resource.status === 'error' && (
        <p role="alert">
          {errorMessage(t, resource.error)}{' '}
          <button type="button" onClick={retry}>
            {t('common.retry')}
          </button>
        </p>
      )}
      {resource.status === 'ready' && resource.data.length === 0 && (
        <p className="open311-empty">{t('open311Keys.empty')}</p>
      )}
      {resource.status === 'ready' && resource.data.length > 0 && (
        <KeysTable keys={resource.data} categories={categories} onRevoke={(key) => void revoke(key)} />
      )}
      {creating && (
        <CreateKeyDialog
          categories={categories ?? []}
          onClose={() => setCreating(false)}
          onCreated={(created) => {
            setCreating(false)
            setShown(created)
            refresh()
          }}
        />
      )}
      {shown && <ShownOnceDialog created={shown} onClose={() => setShown(null)} />}
    </div>
  )
}

function serviceNames(codes: readonly string[] | null, categories: CategoryGroup[] | undefined, all: string): string {
  if (codes === null) return all
  const names = new Map(categories?.flatMap((g) => g.children.map((c) => [c.code, c.name] as const)) ?? [])
  return codes.map((code) => names.get(code) ?? code).join('、')
}

function KeysTable({
  keys,
  categories,
  onRevoke,
}: {
  keys: Open311Key[]
  categories: CategoryGroup[] | undefined
  onRevoke: (key: Open311Key) => void
}) {
  const { t, i18n } = useTranslation()
  const time = (iso: string | null) => (iso ? formatTime(iso, i18n.language) : t('open311Keys.never'))
  return (
    <div className="table-scroll">
      <table className="data-table" data-testid="open311-keys">
        <thead>
          <tr>
            <th>{t('open311Keys.column.name')}</th>
            <th>{t('open311Keys.column.prefix')}</th>
            <th>{t('open311Keys.column.services')}</th>
            <th>{t('open311Keys.column.rate')}</th>
            <th>{t('open311Keys.column.requests')}</th>
            <th>{t('open311Keys.column.issued')}</th>
            <th>{t('open311Keys.column.lastUsed')}</th>
            <th>{t('open311Keys.column.state')}</th>
            <th>{t('open311Keys.column.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => (
            <tr key={key.id} className={key.revokedAt ? 'row-inactive' : undefined} data-testid="open311-key-row">
              <td className="nowrap">{key.name}</td>
              <td className="nowrap">
                <code>{key.keyPrefix}…</code>
              </td>
              <td>{serviceNames(key.services, categories, t('open311Keys.allServices'))}</td>
              <td className="nowrap">{t('open311Keys.perMinute', { count: key.rateLimitPerMinute })}</td>
              <td className="nowrap">{key.requests}</td>
              <td className="nowrap">
                {key.createdBy.name} · {time(key.createdAt)}
              </td>
              <td className="nowrap">{time(key.lastUsedAt)}</td>
              <td className="nowrap">
                <span
                  className={key.revokedAt ? 'status-badge inactive' : 'status-badge'}
                  title={key.revokedAt ? time(key.revokedAt) : undefined}
                >
                  {key.revokedAt ? t('open311Keys.stateRevoked') : t('open311Keys.stateLive')}
                </span>
              </td>
              <td className="row-actions">
                {!key.revokedAt && (
                  <button type="button" onClick={() => onRevoke(key)}>
                    {t('open311Keys.revoke')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function CreateKeyDialog({
  categories,
  onClose,
  onCreated,
}: {
  categories: CategoryGroup[]
  onClose: () => void
  onCreated: (created: Open311KeyCreated) => void
}) {
  const { t } = useTranslation()
  const [name, setName] = useState('')
  const [rate, setRate] = useState('60')
  const [everyService, setEveryService] = useState(true)
  const [services, setServices] = useState<Set<string>>(new Set())
  const [problem, setProblem] = useState<string | null>(null)
  const [sending, setSending] = useState(false)

  const toggle = (code: string) =>
    setServices((before) => {
      const next = new Set(before)
      if (next.has(code)) next.delete(code)
      else next.add(code)
      return next
    })

  async function submit(event: FormEvent) {
    event.preventDefault()
    const rateLimitPerMinute = Number(rate)
    if (name.trim() === '') return setProblem(t('open311Keys.problem.name'))
    if (!Number.isInteger(rateLimitPerMinute) || rateLimitPerMinute < 1 || rateLimitPerMinute > 6000)
      return setProblem(t('open311Keys.problem.rate'))
    if (!everyService && services.size === 0) return setProblem(t('open311Keys.problem.services'))
    setSending(true)
    try {
      onCreated(
        await createOpen311Key({
          name: name.trim(),
          rateLimitPerMinute,
          services: everyService ? null : [...services].sort(),
        }),
      )
    } catch (error) {
      setProblem(errorMessage(t, error instanceof Error ? error : new Error(String(error))))
      setSending(false)
    }
  }

  return (
    <Dialog title={t('open311Keys.create')} onClose={onClose}>
      <form className="form-grid" onSubmit={(event) => void submit(event)} noValidate data-testid="open311-key-form">
        <label>
          {t('open311Keys.field.name')}
          <input
            value={name}
            maxLength={50}
            onChange={(e) => setName(e.target.value)}
            placeholder={t('open311Keys.field.namePlaceholder')}
          />
        </label>
        <label>
          {t('open311Keys.field.rate')}
          <input inputMode="numeric" value={rate} onChange={(e) => setRate(e.target.value)} />
        </label>
        <fieldset className="open311-services">
          <legend>{t('open311Keys.field.services')}</legend>
          <label className="open311-choice">
            <input type="radio" checked={everyService} onChange={() => setEveryService(true)} />
            {t('open311Keys.allServices')}
          </label>
          <label className="open311-choice">
            <input type="radio" checked={!everyService} onChange={() => setEveryService(false)} />
            {t('open311Keys.someServices')}
          </label>
          {!everyService &&
            categories.map((group) => (
              <div key={group.code} className="open311-group">
                <strong>{group.name}</strong>
                {group.children.map((c) => (
                  <label key={c.code} className="open311-choice">
                    <input type="checkbox" checked={services.has(c.code)} onChange={() => toggle(c.code)} />
                    {c.name}
                  </label>
                ))}
              </div>
            ))}
        </fieldset>
        {problem && (
          <p className="field-error" role="alert">
            {problem}
          </p>
        )}
        <div className="form-actions">
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="primary-button" disabled={sending}>
            {t('open311Keys.issue')}
          </button>
        </div>
      </form>
    </Dialog>
  )
}

function ShownOnceDialog({ created, onClose }: { created: Open311KeyCreated; onClose: () => void }) {
  const { t } = useTranslation()
  const [copied, setCopied] = useState(false)
  return (
    <Dialog title={t('open311Keys.shownOnceTitle', { name: created.record.name })} onClose={onClose}>
      <p className="page-notice" role="status">
        {t('open311Keys.shownOnce')}
      </p>
      <code className="open311-secret" data-testid="open311-new-key">
        {created.key}
      </code>
      <div className="form-actions">
        <button
          type="button"
          onClick={() =>
            void navigator.clipboard?.writeText(created.key).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? t('open311Keys.copied') : t('open311Keys.copy')}
        </button>
        <button type="button" className="primary-button" onClick={onClose}>
          {t('open311Keys.done')}
        </button>
      </div>
    </Dialog>
  )
}
