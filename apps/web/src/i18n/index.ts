import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'
import { en } from './locales/en.ts'
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

// Both locales are bundled (a few KB), so initialisation is synchronous and the first render is already translated.
void i18next.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: storedLanguage(),
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: ['zh-CN', 'en'],
  initAsync: false,
  interpolation: { escapeValue: false }, // React escapes already
  returnNull: false,
})

export { i18next }
