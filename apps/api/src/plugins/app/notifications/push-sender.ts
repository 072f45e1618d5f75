import webpush from 'web-push'
import type { VapidKeys } from './vapid-keys.ts'
import type { ClaimedPush, NotificationsRepository } from './notifications-repository.ts'
import { pushTextOf } from './notice-text.ts'

/** Waits between attempts of a push the push service refused or never answered; past the last, it is given up. */
export const PUSH_BACKOFF_MS = [5_000, 30_000, 120_000, 600_000, 1_800_000, 7_200_000]

const ATTEMPT_TIMEOUT_MS = 10_000

export type PushOutcome = 'delivered' | 'gone' | 'failed'

/**
 * Sends one notice to one subscription: web-push builds the request (VAPID JWT, aes128gcm payload encryption) and
 * it goes out with fetch, which also reaches an http:// endpoint on the loopback (the tests' push service).
 */
export async function sendPush(
  vapid: VapidKeys & { subject: string },
  subscription: ClaimedPush['subscriptions'][number],
  push: ClaimedPush,
): Promise<PushOutcome> {
  const payload = JSON.stringify({
    id: push.id,
    kind: push.kind,
    ...pushTextOf(push.kind, push.payload),
    incidentId: push.payload.incidentId,
    createdAt: push.createdAt,
  })
  try {
    const details = webpush.generateRequestDetails(
      { endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } },
      payload,
      {
        vapidDetails: { subject: vapid.subject, publicKey: vapid.publicKey, privateKey: vapid.privateKey },
        TTL: 24 * 3600,
        contentEncoding: 'aes128gcm',
        urgency: push.kind.startsWith('ladder.') || push.kind === 'task.assigned' ? 'high' : 'normal',
        topic: undefined,
      },
    )
    const response = await fetch(details.endpoint, {
      method: details.method,
      headers: details.headers as Record<string, string>,
      body: details.body ? new Uint8Array(details.body) : null,
      signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
    })
    await response.arrayBuffer().catch(() => undefined)
    if (response.status === 404 || response.status === 410) return 'gone'
    return response.ok ? 'delivered' : 'failed'
  } catch {
    return 'failed'
  }
}

/**
 * One sending round: claims the owed pushes, sends each to every subscription of its user, removes the
 * subscriptions the push service says are gone, and marks the push done — or, when any subscription failed, owed
 * again after the back-off (every subscription gets it again then; the service worker shows a notice id once).
 */
export async function sendOwedPushes(
  repository: NotificationsRepository,
  vapid: VapidKeys & { subject: string },
  now = new Date(),
  limit = 50,
): Promise<{ delivered: number; failed: number }> {
  const claimed = await repository.claimPushes(now, limit)
  let delivered = 0
  let failed = 0
  await Promise.all(
    claimed.map(async (push) => {
      const outcomes = await Promise.all(
        push.subscriptions.map(async (subscription) => {
          const outcome = await sendPush(vapid, subscription, push)
          if (outcome === 'gone') await repository.removeSubscription(subscription.id)
          return outcome
        }),
      )
      if (outcomes.includes('failed')) {
        failed += 1
        const wait = PUSH_BACKOFF_MS[push.attempts]
        await repository.pushFailed(push.id, wait === undefined ? null : new Date(now.getTime() + wait))
      } else {
        if (outcomes.includes('delivered')) delivered += 1
        await repository.pushDone(push.id)
      }
    }),
  )
  return { delivered, failed }
}
