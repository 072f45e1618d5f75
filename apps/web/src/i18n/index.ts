import i18next, { type BackendModule } from 'i18next'
import { initReactI18next } from 'react-i18next'
import { zhCN, type Messages } from './locales/zh-CN.ts'
import { DEFAULT_LANGUAGE, isLanguage, storeLanguage, storedLanguage } from './languages.ts'

declare module 'i18next' {
  interface CustomTypeOptions {
    // Keys are checked against the zh-CN messages, so a typo or a missing English string fails typecheck.
    resources: { translation: Messages }
  }
}

// Keeps <html lang> and the title in step with the interface so screen readers and fonts pick the right language.
i18next.on('languageChanged', (language) => {
  document.documentElement.lang = language
  document.title = i18next.t('app.title')
  if (isLanguage(language)) storeLanguage(language)
})

/**
 * English is a chunk of its own, fetched when it is chosen (or was, on this phone): the street office works in
 * zh-CN, and the worker's first load on a slow network should not carry (and parse) the other language's 20 KB.
 * The service worker precaches the chunk with the rest, so switching works offline once the app has been opened.
 */
const otherLanguages: BackendModule = {
  type: 'backend',
  init: () => undefined,
  read(language, _namespace, callback) {
    if (language !== 'en') return callback(null, {})
    import('./locales/en.ts').then(
      ({ en }) => callback(null, en),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), null),
    )
  },
}

/**
 * zh-CN is bundled, so for it initialisation is synchronous and the first render is already translated; with
 * English chosen, this settles once its chunk is here (or failed to come: zh-CN, the fallback, is shown then).
 * main.tsx renders after it.
 */
export const i18nReady = i18next
  .use(initReactI18next)
  .use(otherLanguages)
  .init({
    resources: { 'zh-CN': { translation: zhCN } },
    // zh-CN from the bundle, the other languages through the backend above.
    partialBundledLanguages: true,
    lng: storedLanguage(),
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: ['zh-CN', 'en'],
    load: 'currentOnly',
    initAsync: false,
    interpolation: { escapeValue: false }, // React escapes already
    returnNull: false,
  })

export { i18next }
