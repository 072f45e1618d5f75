import { isMobilePhone } from '@wangge/accounts'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { Me } from '../api/account-types.ts'
import { login } from '../api/auth.ts'
import { loginErrorMessage } from './login-error.ts'

type FormState = { status: 'idle' } | { status: 'sending' } | { status: 'failed'; message: string }

/**
 * Phone and password. The phone is checked here first (the server would answer 400 anyway) so a typo costs no
 * attempt against the per-phone rate limit.
 */
export function LoginForm({ onSignedIn }: { onSignedIn: (user: Me) => void }) {
  const { t } = useTranslation()
  const [state, setState] = useState<FormState>({ status: 'idle' })

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (state.status === 'sending') return
    const data = new FormData(event.currentTarget)
    // People paste numbers with spaces or dashes (138 0000 0001); the login name is the bare 11 digits.
    const phone = String(data.get('phone') ?? '').replace(/[\s-]/g, '')
    const password = String(data.get('password') ?? '')
    if (!isMobilePhone(phone)) return setState({ status: 'failed', message: t('login.errors.invalidPhone') })
    if (password === '') return setState({ status: 'failed', message: t('login.errors.passwordRequired') })

    setState({ status: 'sending' })
    try {
      onSignedIn(await login({ phone, password }))
    } catch (error) {
      setState({
        status: 'failed',
        message: loginErrorMessage(t, error instanceof Error ? error : new Error(String(error))),
      })
    }
  }

  const sending = state.status === 'sending'
  return (
    <form className="login-form" onSubmit={(event) => void submit(event)} noValidate aria-busy={sending}>
      <label>
        <span>{t('login.phone')}</span>
        <input
          name="phone"
          type="tel"
          inputMode="numeric"
          autoComplete="username"
          maxLength={15}
          placeholder={t('login.phonePlaceholder')}
          required
          autoFocus
        />
      </label>
      <label>
        <span>{t('login.password')}</span>
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      {state.status === 'failed' && (
        <p className="login-error" role="alert" data-testid="login-error">
          {state.message}
        </p>
      )}
      <button type="submit" className="primary-button" disabled={sending}>
        {sending ? t('login.sending') : t('login.submit')}
      </button>
    </form>
  )
}
