import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import { errorMessage } from '../i18n/error-message.ts'
import { GridMapView } from '../map/grid-map-view.tsx'
import { useCurrentUser } from '../session/current-user.tsx'
import { CommunityRuleTable } from './community-rule-table.tsx'
import { RegistryGridPanel } from './registry-grid-panel.tsx'
import { RegistryLayer } from './registry-layer.tsx'
import { RegistryTransfer } from './registry-transfer.tsx'
import { useResidentSearch } from './registry-api.ts'
import { RESIDENT_TAGS, ResidentTags, tagLabel } from './resident-tags.tsx'
import './registry.css'

/**
 * `/registry` (一标三实): the street map with the building and organisation layers; a unit grid picked on the map
 * opens its buildings, houses, people and organisations beside it. The side panel searches people by name, masked
 * number, address or tag, shows the street's 5 + 2 rule per community, and takes imports and exports.
 */
export function RegistryPage() {
  const { t } = useTranslation()
  const user = useCurrentUser()
  const [searchParams, setSearchParams] = useSearchParams()
  const gridId = Number(searchParams.get('grid')) || null
  const [q, setQ] = useState('')
  const [tag, setTag] = useState('')
  const [typed, setTyped] = useState('')
  const search = useResidentSearch(q, tag)
  const tags = RESIDENT_TAGS.filter((x) => x !== '重点人员' || user.role !== 'admin')
  return (
    <GridMapView
      showScope
      layers={<RegistryLayer />}
      detail={
        gridId !== null ? (
          <RegistryGridPanel
            gridId={gridId}
            onClose={() =>
              setSearchParams((p) => {
                p.delete('grid')
                return p
              })
            }
          />
        ) : undefined
      }
      aside={
        <aside className="registry-panel" aria-label={t('registry.title')}>
          <h1>{t('registry.title')}</h1>
          <p className="registry-muted">{t('registry.pickGrid')}</p>
          <form
            className="registry-search"
            role="search"
            onSubmit={(e) => {
              e.preventDefault()
              setQ(typed.trim())
            }}
          >
            <input
              type="search"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              placeholder={t('registry.searchPlaceholder')}
              aria-label={t('registry.search')}
              maxLength={50}
            />
            <select value={tag} onChange={(e) => setTag(e.target.value)} aria-label={t('registry.tag')}>
              <option value="">{t('registry.anyTag')}</option>
              {tags.map((x) => (
                <option key={x} value={x}>
                  {tagLabel(t, x)}
                </option>
              ))}
            </select>
            <button type="submit">{t('registry.search')}</button>
          </form>
          {search.error && <p role="alert">{errorMessage(t, search.error)}</p>}
          {search.data && (
            <ul className="registry-results" data-testid="registry-results">
              {search.data.items.map((r) => (
                <li key={r.id}>
                  <strong>{r.name}</strong> {r.idNumberMasked} {r.phoneMasked ?? ''}
                  <div className="registry-muted">
                    {r.grid.name} · {r.address ?? ''}
                  </div>
                  <ResidentTags tags={r.tags} focusCategory={r.focusCategory} />
                </li>
              ))}
              {search.data.items.length === 0 && <li>{t('registry.noResults')}</li>}
            </ul>
          )}
          {user.role !== 'worker' && <CommunityRuleTable />}
          {user.role !== 'worker' && <RegistryTransfer />}
        </aside>
      }
    />
  )
}
