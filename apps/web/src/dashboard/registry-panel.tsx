import { useTranslation } from 'react-i18next'
import type { RegistryIndicators } from '@wangge/contract'
import { tagLabel } from '../registry/resident-tags.tsx'
import { useDashboardText } from './dashboard-messages.ts'
import { formatCount, formatShare } from './format.ts'

/** Organisation kinds in the order the registry page lists them; the rule's two come first. */
const KINDS = [
  'social_organisation',
  'cultural_team',
  'party_organisation',
  'school',
  'medical',
  'shop',
  'enterprise',
] as const
/** How many unit grids and workers with the lowest coverage are listed: the ones to follow up. */
const LOWEST = 10

type Coverage = RegistryIndicators['grids'][number]
const share = (c: { houses: number; visited: number }) => (c.houses ? c.visited / c.houses : null)
const lowest = (rows: Coverage[]) =>
  rows
    .filter((r) => r.houses > 0)
    .sort((a, b) => share(a)! - share(b)! || a.name.localeCompare(b.name, 'zh-CN'))
    .slice(0, LOWEST)

/**
 * The registry (一标三实) in the caller's scope: people, households and tagged residents; organisations by kind and
 * the street's 5 + 2 rule per community, met or missed; and the visit coverage of the quarter the period starts in.
 */
export function RegistryFigures({ registry }: { registry: RegistryIndicators }) {
  const { m, language } = useDashboardText()
  const { t } = useTranslation()
  const r = m.registry
  const sum = (pick: (c: RegistryIndicators['communities'][number]) => number) =>
    registry.communities.reduce((total, c) => total + pick(c), 0)
  const tags = new Map<string, number>()
  for (const c of registry.communities)
    for (const [tag, n] of Object.entries(c.tags)) tags.set(tag, (tags.get(tag) ?? 0) + n)
  const tagName = (tag: string) => tagLabel(t, tag)
  const houses = sum((c) => c.houses)
  const visited = sum((c) => c.housesVisitedThisQuarter)
  const missed = registry.communities.filter((c) => !c.ruleMet).length

  return (
    <div className="registry-figures">
      <ul className="dashboard-headline" data-testid="dashboard-registry-headline">
        <li className="headline-figure">
          <span className="headline-label">{r.residents}</span>
          <strong className="headline-value">
            {formatCount(
              sum((c) => c.residents),
              language,
            )}
          </strong>
        </li>
        <li className="headline-figure">
          <span className="headline-label">{r.households}</span>
          <strong className="headline-value">
            {formatCount(
              sum((c) => c.households),
              language,
            )}
          </strong>
        </li>
        {[...tags].map(([tag, n]) => (
          <li key={tag} className="headline-figure">
            <span className="headline-label">{tagName(tag)}</span>
            <strong className="headline-value">{formatCount(n, language)}</strong>
          </li>
        ))}
        <li className="headline-figure">
          <span className="headline-label">{r.coverage(registry.quarterStart)}</span>
          <strong className="headline-value">{formatShare(houses ? visited / houses : null)}</strong>
          <span className="headline-change neutral">{r.visitedOf(visited, houses)}</span>
        </li>
      </ul>

      <h3>{r.ruleTitle}</h3>
      <p className={missed ? 'dashboard-rule-missed' : 'dashboard-rule-met'} role="status">
        {missed ? r.ruleMissedCount(missed, registry.communities.length) : r.ruleAllMet}
      </p>
      <div className="table-scroll">
        <table className="data-table ranking-table" data-testid="dashboard-registry-rule">
          <thead>
            <tr>
              <th scope="col">{r.community}</th>
              <th scope="col">{r.residents}</th>
              <th scope="col">{r.households}</th>
              {KINDS.map((k) => (
                <th scope="col" key={k}>
                  {t(`registry.kind.${k}`)}
                </th>
              ))}
              <th scope="col">{r.rule}</th>
              <th scope="col">{r.coverageShort}</th>
            </tr>
          </thead>
          <tbody>
            {registry.communities.map((c) => (
              <tr key={c.community.id} data-rule={c.ruleMet ? 'met' : 'missed'}>
                <th scope="row">{c.community.name}</th>
                <td className="number">{formatCount(c.residents, language)}</td>
                <td className="number">{formatCount(c.households, language)}</td>
                {KINDS.map((k) => (
                  <td className="number" key={k}>
                    {c.organisations[k] ?? 0}
                  </td>
                ))}
                <td className={c.ruleMet ? 'dashboard-rule-met' : 'dashboard-rule-missed'}>
                  {c.ruleMet ? r.met : r.missed(c.socialOrganisations, c.culturalTeams)}
                </td>
                <td className="number">
                  {formatShare(share({ houses: c.houses, visited: c.housesVisitedThisQuarter }))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted small">{r.ruleNote}</p>

      <div className="dashboard-columns">
        <CoverageTable title={r.lowestGrids} head={r.grid} rows={lowest(registry.grids)} testId="registry-grids" />
        <CoverageTable
          title={r.lowestWorkers}
          head={r.worker}
          rows={lowest(registry.workers)}
          testId="registry-workers"
        />
      </div>
    </div>
  )
}

function CoverageTable({
  title,
  head,
  rows,
  testId,
}: {
  title: string
  head: string
  rows: Coverage[]
  testId: string
}) {
  const { m, language } = useDashboardText()
  return (
    <section aria-label={title}>
      <h3>{title}</h3>
      {rows.length === 0 ? (
        <p className="muted">{m.empty}</p>
      ) : (
        <table className="data-table ranking-table" data-testid={testId}>
          <thead>
            <tr>
              <th scope="col">{head}</th>
              <th scope="col">{m.registry.houses}</th>
              <th scope="col">{m.registry.visited}</th>
              <th scope="col">{m.registry.coverageShort}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <th scope="row">{row.name}</th>
                <td className="number">{formatCount(row.houses, language)}</td>
                <td className="number">{formatCount(row.visited, language)}</td>
                <td className="number">{formatShare(share(row))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
