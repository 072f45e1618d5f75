import { useTranslation } from 'react-i18next'
import { errorMessage } from '../i18n/error-message.ts'
import { useRegistryIndicators } from './registry-api.ts'

/**
 * The reference street's own rule per community: at least five community social organisations and two cultural
 * teams, met or missed, beside the community's people, households and this quarter's visit coverage.
 */
export function CommunityRuleTable() {
  const { t } = useTranslation()
  const indicators = useRegistryIndicators(true)
  if (indicators.error) return <p role="alert">{errorMessage(t, indicators.error)}</p>
  if (!indicators.data) return <p role="status">{t('registry.loading')}</p>
  return (
    <section aria-labelledby="registry-rule">
      <h2 id="registry-rule">{t('registry.rule.title')}</h2>
      <table className="registry-table" data-testid="community-rule">
        <thead>
          <tr>
            <th>{t('registry.rule.community')}</th>
            <th>{t('registry.rule.residents')}</th>
            <th>{t('registry.rule.households')}</th>
            <th>{t('registry.rule.social')}</th>
            <th>{t('registry.rule.cultural')}</th>
            <th>{t('registry.rule.status')}</th>
            <th>{t('registry.rule.visited')}</th>
          </tr>
        </thead>
        <tbody>
          {indicators.data.communities.map((c) => (
            <tr key={c.community.id} data-rule={c.ruleMet ? 'met' : 'missed'}>
              <td>{c.community.name}</td>
              <td>{c.residents.toLocaleString('zh-CN')}</td>
              <td>{c.households.toLocaleString('zh-CN')}</td>
              <td>{c.socialOrganisations}</td>
              <td>{c.culturalTeams}</td>
              <td className={c.ruleMet ? 'registry-met' : 'registry-missed'}>
                {c.ruleMet ? t('registry.rule.met') : t('registry.rule.missed')}
              </td>
              <td>{c.houses ? `${Math.round((c.housesVisitedThisQuarter / c.houses) * 100)}%` : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="registry-muted">{t('registry.rule.note', { since: indicators.data.quarterStart })}</p>
    </section>
  )
}
