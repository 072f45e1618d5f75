import { apiFetch } from '../api/client.ts'

/** Whether this browser can take Web Push at all (a service worker and the Push API; iOS only once installed). */
export function pushSupported(): boolean {
  return typeof navigator !== 'undefined' && 'serviceWorker' in navigator && typeof PushManager !== 'undefined'
}

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(base64url.length / 4) * 4, '=')
  const raw = atob(base64)
  const bytes = new Uint8Array(new ArrayBuffer(raw.length))
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i)
  return bytes
}

/** This browser's current subscription, if it has one. */
export async function currentSubscription(): Promise<PushSubscription | null> {
  if (!pushSupported()) return null
  const registration = await navigator.serviceWorker.ready
  return registration.pushManager.getSubscription()
}

/**
 * Asks for permission, subscribes this browser with the server's VAPID key (the PWA's service worker shows what
 * arrives, see public/push-handler.js) and hands the subscription to the API. Returns the permission outcome.
 */
export async function subscribeToPush(): Promise<NotificationPermission> {
  const permission = await Notification.requestPermission()
  if (permission !== 'granted') return permission
  const { publicKey } = await apiFetch<{ publicKey: string }>('/notifications/push-key')
  const registration = await navigator.serviceWorker.ready
  const subscription =
    (await registration.pushManager.getSubscription()) ??
    (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) }))
  await apiFetch('/notifications/push-subscriptions', { method: 'POST', body: subscription.toJSON() })
  return permission
}

export async function unsubscribeFromPush(): Promise<void> {
  const subscription = await currentSubscription()
  if (!subscription) return
  await apiFetch('/notifications/push-subscriptions/remove', {
    method: 'POST',
    body: { endpoint: subscription.endpoint },
  })
  await subscription.unsubscribe()
}
