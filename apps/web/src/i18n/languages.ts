/** The interface languages, zh-CN first: it is the default for a street office in Weifang. */
export const LANGUAGES = [
  { code: 'zh-CN', label: '中文' },
  { code: 'en', label: 'English' },
] as const

export type Language = (typeof LANGUAGES)[number]['code']

export const DEFAULT_LANGUAGE: Language = 'zh-CN'

const STORAGE_KEY = 'wangge.language'

export function isLanguage(value: unknown): value is Language {
  return LANGUAGES.some((language) => language.code === value)
}

export function storedLanguage(): Language {
  try {
    const value = localStorage.getItem(STORAGE_KEY)
    return isLanguage(value) ? value : DEFAULT_LANGUAGE
  } catch {
    // Storage can be disabled (private mode, strict policies); the default language is still usable.
    return DEFAULT_LANGUAGE
  }
}

export function storeLanguage(language: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, language)
  } catch {
    // See storedLanguage: not persisting is acceptable, failing the switch is not.
  }
}
