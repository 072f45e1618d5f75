import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { User } from '../../api/account-types.ts'
import { resetPassword } from '../../api/users.ts'
import { errorMessage } from '../../i18n/error-message.ts'
import { Dialog } from '../dialog.tsx'
import { TextField } from '../text-field.tsx'
import { MIN_PASSWORD_LENGTH } from './user-form-values.ts'

interface ResetPasswordDialogProps {
  user: User
  onDone: () => void
  onClose: () => void
}

/** A new password set by an admin, who then tells the person by phone or in person. */
export function ResetPasswordDialog({ user, onDone, onClose }: ResetPasswordDialogProps) {
  const { t } = useTranslation()
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [sending, setSending] = useState(false)

  async function submit(event: FormEvent) {
    event.preventDefault()
    if ([...password].length < MIN_PASSWORD_LENGTH)
      return setError(t('users.errors.passwordShort', { min: MIN_PASSWORD_LENGTH }))
    setSending(true)
    setError(null)
    try {
      await resetPassword(user.id, password)
      onDone()
    } catch (failure) {
      setError(errorMessage(t, failure instanceof Error ? failure : new Error(String(failure))))
      setSending(false)
    }
  }

  return (
    <Dialog title={t('users.resetTitle', { name: user.name })} onClose={onClose}>
      <form className="form-grid" onSubmit={(event) => void submit(event)} noValidate>
        <TextField
          label={t('users.fields.newPassword')}
          name="password"
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={setPassword}
          error={error}
          hint={t('users.hints.password', { min: MIN_PASSWORD_LENGTH })}
        />
        <div className="form-actions">
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="primary-button" disabled={sending}>
            {sending ? t('common.saving') : t('users.resetPassword')}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
