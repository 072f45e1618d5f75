import { useTranslation } from 'react-i18next'
import { LANGUAGES } from '../i18n/languages.ts'

/** Two pressed/unpressed buttons rather than a select: one tap on a phone, and each names its own language. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation()
  return (
    <div className="language-switch" role="group" aria-label={t('language.label')}>
      {LANGUAGES.map((language) => (
        <button
          key={language.code}
          type="button"
          lang={language.code}
          aria-pressed={i18n.resolvedLanguage === language.code}
          onClick={() => void i18n.changeLanguage(language.code)}
        >
          {language.label}
        </button>
      ))}
    </div>
  )
}
