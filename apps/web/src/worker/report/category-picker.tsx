import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { CategoryGroup, SubCategory } from '../../api/incident-reports.ts'
import { categoryLabel } from '../category-label.ts'

interface CategoryPickerProps {
  groups: CategoryGroup[]
  value: SubCategory | null
  onChange: (category: SubCategory | null) => void
}

/**
 * The standard's two levels: tap a group (市容环境, 公用设施 …) to open its sub-categories, or type a few characters
 * to search all of them by name or code. Two taps for a worker who knows where a problem belongs.
 */
export function CategoryPicker({ groups, value, onChange }: CategoryPickerProps) {
  const { t, i18n } = useTranslation()
  const [query, setQuery] = useState('')
  const [openGroup, setOpenGroup] = useState<string | null>(null)

  if (value) {
    const group = groups.find((g) => g.children.some((c) => c.code === value.code))
    return (
      <fieldset className="category-picker">
        <legend>{t('worker.category.title')}</legend>
        <p className="category-chosen" data-testid="category-chosen">
          {group && `${categoryLabel(group, i18n.language)} › `}
          <strong>{categoryLabel(value, i18n.language)}</strong>
          <button type="button" className="link-button" onClick={() => onChange(null)}>
            {t('worker.category.change')}
          </button>
        </p>
      </fieldset>
    )
  }

  // Events (what workers report most) before components; the server orders by code, which puts C before E.
  const ordered = [...groups].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'event' ? -1 : 1))
  const needle = query.trim().toLowerCase()
  const matches = needle
    ? ordered.flatMap((group) =>
        group.children.filter((c) =>
          [c.name, c.nameEn, c.code, group.name].some((text) => text.toLowerCase().includes(needle)),
        ),
      )
    : []
  const pick = (category: SubCategory) => {
    setQuery('')
    onChange(category)
  }

  return (
    <fieldset className="category-picker">
      <legend>{t('worker.category.title')}</legend>
      <input
        type="search"
        className="category-search"
        placeholder={t('worker.category.search')}
        aria-label={t('worker.category.search')}
        value={query}
        onChange={(event) => setQuery(event.target.value)}
      />
      {needle ? (
        matches.length ? (
          <ul className="category-options">
            {matches.map((category) => (
              <li key={category.code}>
                <button type="button" onClick={() => pick(category)}>
                  {categoryLabel(category, i18n.language)} <span className="grid-code">{category.code}</span>
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p className="worker-note">{t('worker.category.noMatch')}</p>
        )
      ) : (
        <ul className="category-groups">
          {ordered.map((group) => (
            <li key={group.code}>
              <button
                type="button"
                className={openGroup === group.code ? 'category-group open' : 'category-group'}
                aria-expanded={openGroup === group.code}
                onClick={() => setOpenGroup(openGroup === group.code ? null : group.code)}
              >
                <span className="category-kind">{t(`worker.category.kind.${group.kind}`)}</span>{' '}
                {categoryLabel(group, i18n.language)}
              </button>
              {openGroup === group.code && (
                <ul className="category-options">
                  {group.children.map((category) => (
                    <li key={category.code}>
                      <button type="button" onClick={() => pick(category)}>
                        {categoryLabel(category, i18n.language)}
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  )
}
