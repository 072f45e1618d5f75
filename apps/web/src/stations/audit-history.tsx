import { useTranslation } from 'react-i18next'
import { stationPhotoUrl, type StationAudit } from '../api/stations.ts'
import { formatTime } from '../i18n/format-time.ts'

/** A station's audits, newest first: score, where it was taken, each item's verdict and its evidence photos. */
export function AuditHistory({ audits }: { audits: StationAudit[] }) {
  const { t, i18n } = useTranslation()
  const language = i18n.resolvedLanguage ?? i18n.language
  return (
    <ol className="audit-history" data-testid="audit-history">
      {audits.map((audit) => (
        <li key={audit.id} className="audit-entry" data-audit-id={audit.id}>
          <header>
            <strong>{formatTime(audit.at, language)}</strong>
            <span>{t('stations.detail.auditBy', { name: audit.auditor.name })}</span>
            <span className={audit.passedAll ? 'mark-badge mark-compliant' : 'mark-badge mark-failing'}>
              {audit.passedAll ? t('stations.detail.passedAll') : t('stations.detail.failedSome')}
            </span>
            <span>{t('stations.detail.score', { score: audit.score })}</span>
            <span className={audit.offSite ? 'off-site' : 'muted'}>
              {t(audit.offSite ? 'stations.detail.offSite' : 'stations.detail.onSite', {
                distance: Math.round(audit.distanceM),
              })}
            </span>
          </header>
          {audit.note && <p>{audit.note}</p>}
          <ul className="audit-items">
            {audit.items.map((item) => (
              <li key={item.code} className={item.passed ? 'passed' : 'failed'}>
                <span>{t(`stations.items.${item.code}`)}</span>
                <span>
                  {item.passed ? t('stations.audit.pass') : t('stations.audit.fail')}
                  {item.deduction > 0 && ` · ${t('stations.detail.deduction', { points: item.deduction })}`}
                </span>
                {item.note && <span className="muted">{item.note}</span>}
                {item.photos.length > 0 && (
                  <span className="audit-photos">
                    {item.photos.map((sha) => (
                      <a key={sha} href={stationPhotoUrl(sha, 'full')} target="_blank" rel="noreferrer">
                        <img
                          src={stationPhotoUrl(sha, 'thumb')}
                          alt={t('stations.detail.photo', { item: t(`stations.items.${item.code}`) })}
                          loading="lazy"
                        />
                      </a>
                    ))}
                  </span>
                )}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  )
}
