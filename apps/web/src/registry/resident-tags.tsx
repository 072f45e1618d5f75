import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'

/** A resident's tags as chips; 重点人员 carries its category (the API sends both only to the roles granted them). */
export function ResidentTags({ tags, focusCategory }: { tags: string[]; focusCategory: string | null }) {
  const { t } = useTranslation()
  if (tags.length === 0) return null
  return (
    <span className="registry-tags">
      {tags.map((tag) => (
        <span key={tag} className={tag === '重点人员' ? 'registry-tag registry-tag-focus' : 'registry-tag'}>
          {tagLabel(t, tag)}
          {tag === '重点人员' && focusCategory ? `（${focusCategory}）` : ''}
        </span>
      ))}
    </span>
  )
}

const TAG_KEYS: Record<string, 'livingAlone' | 'disabled' | 'lowIncome' | 'veteran' | 'focus'> = {
  独居老人: 'livingAlone',
  残疾人: 'disabled',
  低保: 'lowIncome',
  退役军人: 'veteran',
  重点人员: 'focus',
}
/** The tags a search can filter by, in the contract's order (the web imports the contract's types only). */
export const RESIDENT_TAGS = Object.keys(TAG_KEYS)

/**
 * A tag in the page's language. A tag this build does not know (one added on the server since) shows as the
 * server wrote it, a Chinese word, rather than as another tag's name.
 */
export function tagLabel(t: TFunction, tag: string): string {
  const key = TAG_KEYS[tag]
  return key ? t(`registry.tags.${key}`) : tag
}
