import type { NotificationKind, NotificationSettings } from '@wangge/contract'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { apiFetch } from '../api/client.ts'

// The contract's kinds, in the order a user reads them (types only may come from the contract in the web).
const KINDS = [
  'task.assigned',
  'task.rework',
  'case.returned',
  'case.urged',
  'case.supervised',
  'ladder.yellow',
  'ladder.red',
  'ladder.escalated',
  'report.waiting',
] as const satisfies readonly NotificationKind[]

/** Per-kind mute switches: a muted kind is neither listed nor pushed (the server writes no notice of it). */
export function NotificationSettingsForm() {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const settings = useQuery({
    queryKey: ['notification-settings'],
    queryFn: () => apiFetch<NotificationSettings>('/notifications/settings'),
  })
  const [saving, setSaving] = useState(false)
  const muted = new Set(settings.data?.muted ?? [])

  async function toggle(kind: NotificationKind) {
    const next = new Set(muted)
    if (next.has(kind)) next.delete(kind)
    else next.add(kind)
    setSaving(true)
    try {
      const saved = await apiFetch<NotificationSettings>('/notifications/settings', {
        method: 'PUT',
        body: { muted: [...next] },
      })
      queryClient.setQueryData(['notification-settings'], saved)
    } finally {
      setSaving(false)
    }
  }

  return (
    <fieldset className="notification-settings" disabled={saving || !settings.data}>
      <legend>{t('notifications.settings')}</legend>
      {KINDS.map((kind) => (
        <label key={kind}>
          <input type="checkbox" checked={!muted.has(kind)} onChange={() => void toggle(kind)} />
          {t(`notifications.kind.${kind}`)}
        </label>
      ))}
    </fieldset>
  )
}
