import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { currentSubscription, pushSupported, subscribeToPush, unsubscribeFromPush } from './push-subscription.ts'

type PushState = 'unsupported' | 'unknown' | 'off' | 'on' | 'denied' | 'busy' | 'failed'

/** 手机推送: subscribes this browser to Web Push, so notices reach the phone while the app is closed. */
export function PushToggle() {
  const { t } = useTranslation()
  const [state, setState] = useState<PushState>(() => {
    if (!pushSupported()) return 'unsupported'
    return Notification.permission === 'denied' ? 'denied' : 'unknown'
  })

  useEffect(() => {
    if (!pushSupported() || Notification.permission === 'denied') return
    currentSubscription().then(
      (s) => setState(s ? 'on' : 'off'),
      () => setState('off'),
    )
  }, [])

  async function change(on: boolean) {
    setState('busy')
    try {
      if (on) {
        const permission = await subscribeToPush()
        setState(permission === 'granted' ? 'on' : permission === 'denied' ? 'denied' : 'off')
      } else {
        await unsubscribeFromPush()
        setState('off')
      }
    } catch {
      setState('failed')
    }
  }

  if (state === 'unsupported') return <p className="push-toggle push-note">{t('notifications.push.unsupported')}</p>
  if (state === 'denied') return <p className="push-toggle push-note">{t('notifications.push.denied')}</p>
  return (
    <div className="push-toggle" data-push-state={state}>
      {state === 'on' ? (
        <>
          <span>{t('notifications.push.on')}</span>
          <button type="button" onClick={() => void change(false)}>
            {t('notifications.push.turnOff')}
          </button>
        </>
      ) : (
        <button type="button" onClick={() => void change(true)} disabled={state === 'busy' || state === 'unknown'}>
          {t('notifications.push.turnOn')}
        </button>
      )}
      {state === 'failed' && <span role="alert">{t('notifications.push.failed')}</span>}
    </div>
  )
}
