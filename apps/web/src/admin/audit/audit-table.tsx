import { useTranslation } from 'react-i18next'
import type { AuditEntry } from '../../api/account-types.ts'
import { formatTime } from '../../i18n/format-time.ts'
import { actionName, entityName } from './audit-names.ts'

/** The log, newest first. Before/after snapshots fold away: most rows are read by who, what and when alone. */
export function AuditTable({ entries }: { entries: AuditEntry[] }) {
  const { t, i18n } = useTranslation()
  const language = i18n.resolvedLanguage ?? i18n.language
  return (
    <div className="table-scroll">
      <table className="data-table" data-testid="audit-table">
        <thead>
          <tr>
            <th>{t('audit.columns.at')}</th>
            <th>{t('audit.columns.actor')}</th>
            <th>{t('audit.fields.action')}</th>
            <th>{t('audit.columns.target')}</th>
            <th>{t('audit.columns.address')}</th>
            <th>{t('audit.columns.change')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td className="nowrap">{formatTime(entry.at, language)}</td>
              <td className="nowrap">
                {entry.actor?.name ?? t(entry.action === 'auth.login_failed' ? 'audit.anonymous' : 'audit.system')}
              </td>
              <td className="nowrap">{actionName(t, entry.action)}</td>
              <td className="nowrap">
                {entityName(t, entry.entity)}
                {targetOf(entry) && <span className="audit-target"> {targetOf(entry)}</span>}
              </td>
              <td className="nowrap grid-code">{entry.address ?? '—'}</td>
              <td>
                <Snapshots before={entry.before} after={entry.after} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/**
 * The target by name (a case number, a user's, station's or grid's name), never by its id; a failed sign-in has no
 * user, only the phone that was tried, masked by the API.
 */
function targetOf(entry: AuditEntry): string | null {
  if (entry.targetName) return entry.targetName
  const phone = (entry.after as { phone?: unknown } | null)?.phone
  return entry.action === 'auth.login_failed' && typeof phone === 'string' ? phone : null
}

function Snapshots({ before, after }: { before: unknown; after: unknown }) {
  const { t } = useTranslation()
  if (before == null && after == null) return <>—</>
  return (
    <details className="audit-change">
      <summary>{t('audit.showChange')}</summary>
      {before != null && (
        <>
          <h3>{t('audit.before')}</h3>
          <pre>{JSON.stringify(before, null, 2)}</pre>
        </>
      )}
      {after != null && (
        <>
          <h3>{t('audit.after')}</h3>
          <pre>{JSON.stringify(after, null, 2)}</pre>
        </>
      )}
    </details>
  )
}
