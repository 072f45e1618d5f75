import { SIX_HAVE_CODES } from '@wangge/stations'
import { useTranslation } from 'react-i18next'
import type { GridCompliance } from '../api/stations.ts'
import { formatShare } from './station-status.ts'

/** Per community or area: stations, compliant, share, failures per item, audits due. */
export function RollUpTable({ rows }: { rows: GridCompliance[] }) {
  const { t } = useTranslation()
  return (
    <div className="table-scroll">
      <table className="data-table compact" data-testid="stations-roll-up">
        <thead>
          <tr>
            <th>{t('stations.columns.grid')}</th>
            <th>{t('stations.columns.stations')}</th>
            <th>{t('stations.columns.compliant')}</th>
            <th>{t('stations.columns.share')}</th>
            {SIX_HAVE_CODES.map((code) => (
              <th key={code}>{t(`stations.items.${code}`)}</th>
            ))}
            <th>{t('stations.columns.overdue')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.grid.id}>
              <td className="nowrap">{row.grid.name}</td>
              <td className="numeric">{row.stations}</td>
              <td className="numeric">{row.compliant}</td>
              <td className="numeric">{formatShare(row.share)}</td>
              {SIX_HAVE_CODES.map((code) => (
                <td key={code} className="numeric">
                  {row.itemFailures[code] || ''}
                </td>
              ))}
              <td className="numeric">{row.overdueAudits || ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
