import { useEffect, useId, useRef, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

interface DialogProps {
  title: string
  onClose: () => void
  children: ReactNode
}

/**
 * A modal on the browser's own <dialog>: focus is trapped, Escape closes it and the page behind is inert,
 * with no library. Open while mounted; the parent unmounts it to close.
 */
export function Dialog({ title, onClose, children }: DialogProps) {
  const { t } = useTranslation()
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()

  useEffect(() => {
    // StrictMode runs effects twice; showModal on an open dialog throws.
    if (ref.current && !ref.current.open) ref.current.showModal()
  }, [])

  return (
    <dialog ref={ref} className="dialog" aria-labelledby={titleId} onClose={onClose}>
      <header className="dialog-header">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="icon-button" aria-label={t('common.close')} onClick={onClose}>
          ×
        </button>
      </header>
      {children}
    </dialog>
  )
}
