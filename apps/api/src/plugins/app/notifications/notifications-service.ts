import fp from 'fastify-plugin'
import type { NotificationItem } from '@wangge/contract'
import type { WrittenNotice } from './notices.ts'
import { sendOwedPushes } from './push-sender.ts'
import { loadVapidKeys, type VapidKeys } from './vapid-keys.ts'

export interface NotificationsOptions {
  dataDir: string
  publicUrl?: string | undefined
}

/** How often owed pushes are looked for besides the nudge after each commit (retries wait for this). */
const PUSH_ROUND_MS = 2_000

/** Background timers (the push round here, the ladder pass in escalation) unless ROUTING_TIMERS=off (tests drive them). */
export const backgroundTimersOn = (): boolean => process.env.ROUTING_TIMERS !== 'off'

export interface NotificationsService {
  readonly vapidPublicKey: string
  /** After commit: each written notice to its user's sockets, and a push round for those owed one. */
  deliver(written: readonly WrittenNotice[]): void
  /** One push round now (the timer's; tests call it with their clock). */
  sendOwed(now?: Date): Promise<{ delivered: number; failed: number }>
}

declare module 'fastify' {
  interface FastifyInstance {
    notifications: NotificationsService
  }
}

function itemOf(notice: WrittenNotice): NotificationItem {
  const { id, kind, payload, createdAt, read } = notice
  return { id, kind, payload, createdAt, read }
}

export default fp<NotificationsOptions>(
  async (fastify, { dataDir, publicUrl }) => {
    const keys: VapidKeys = await loadVapidKeys(dataDir)
    // RFC 8292: a contact the push service can reach; the public https origin when there is one.
    const subject = publicUrl?.startsWith('https:') ? publicUrl : 'mailto:push@wangge.invalid'
    const vapid = { ...keys, subject }
    let round: Promise<unknown> | null = null
    const sendOwed = (now?: Date) => sendOwedPushes(fastify.notificationsRepository, vapid, now)
    const nudge = () => {
      if (round) return
      round = sendOwed()
        .catch((err: unknown) => fastify.log.warn({ err }, 'push round failed'))
        .finally(() => {
          round = null
        })
    }

    fastify.decorate('notifications', {
      vapidPublicKey: keys.publicKey,
      deliver(written) {
        for (const notice of written) fastify.realtime.notifyUser(notice.userId, itemOf(notice))
        if (written.some((n) => n.push) && backgroundTimersOn()) nudge()
      },
      sendOwed,
    } satisfies NotificationsService)

    if (backgroundTimersOn()) {
      const timer = setInterval(nudge, PUSH_ROUND_MS)
      timer.unref()
      fastify.addHook('onClose', async () => {
        clearInterval(timer)
        await round
      })
    }
  },
  { name: 'notifications', dependencies: ['notifications-repository', 'realtime'] },
)
