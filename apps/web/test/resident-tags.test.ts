import type { TFunction } from 'i18next'
import { describe, expect, it } from 'vitest'
import { RESIDENT_TAGS, tagLabel } from '../src/registry/resident-tags.tsx'

// The translation's key stands in for its words: what matters is which tag's words a tag gets.
const t = ((key: string) => key) as unknown as TFunction

describe("a resident tag's label", () => {
  it('is each known tag’s own words', () => {
    expect(RESIDENT_TAGS.map((tag) => tagLabel(t, tag))).toEqual([
      'registry.tags.livingAlone',
      'registry.tags.disabled',
      'registry.tags.lowIncome',
      'registry.tags.veteran',
      'registry.tags.focus',
    ])
  })

  it('is the tag as the server wrote it when this build does not know it, never another tag’s name', () => {
    expect(tagLabel(t, '失独家庭')).toBe('失独家庭')
  })
})
