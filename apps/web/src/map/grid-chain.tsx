import { useTranslation } from 'react-i18next'
import type { GridSummary } from '../api/types.ts'
import { levelName } from '../i18n/level-name.ts'

interface GridChainProps {
  chain: GridSummary[]
  currentId: number
  onSelect: (id: number) => void
}

/** The ancestors of a grid, community first; each ancestor is a button that opens its own details. */
export function GridChain({ chain, currentId, onSelect }: GridChainProps) {
  const { t } = useTranslation()
  return (
    <nav className="grid-chain" aria-label={t('panel.chain')}>
      <h3>{t('panel.chain')}</h3>
      <ol>
        {chain.map((link) => (
          <li key={link.id}>
            <span className="grid-chain-level">{levelName(t, link.level)}</span>
            {link.id === currentId ? (
              <span aria-current="true" className="grid-chain-current">
                {link.name}
              </span>
            ) : (
              <button type="button" className="link-button" onClick={() => onSelect(link.id)}>
                {link.name}
              </button>
            )}
          </li>
        ))}
      </ol>
    </nav>
  )
}
