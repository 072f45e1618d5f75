import fp from 'fastify-plugin'
import type {} from '../../external/database.ts'
import { sql, type Kysely } from 'kysely'
import type { NotificationItem, NotificationKind, NotificationPayload, PushSubscriptionBody } from '@wangge/contract'
import type { Database } from '../../../db/database-schema.ts'
import { transactional } from '../../../db/transactional.ts'
import { writeNotices, type Notice } from './notices.ts'

/** A push owed for one notice, claimed by one sender (a lease: another instance takes it only after it runs out). */
export interface ClaimedPush {
  id: string
  userId: number
  kind: NotificationKind
  payload: NotificationPayload
  createdAt: string
  attempts: number
  subscriptions: { id: number; endpoint: string; p256dh: string; auth: string }[]
}

/** How long a claimed push is another sender's to leave alone: longer than any attempt can take. */
export const PUSH_LEASE_SECONDS = 60

export function createNotificationsRepository(db: Kysely<Database>) {
  return transactional(db, notificationQueries)
}

function notificationQueries(db: Kysely<Database>) {
  return {
    write: (notices: readonly Notice[]) => writeNotices(db, notices),

    /** A user's notices, newest first, a page before `before`, with the unread count. */
    async page(userId: number, before: string | undefined, limit: number) {
      const { rows } = await sql<{
        id: string
        kind: NotificationKind
        payload: NotificationPayload
        created_at: Date
        read: boolean
      }>`
        select id::text, kind, payload, created_at, read_at is not null as read from notifications
        where user_id = ${userId} ${before ? sql`and id < ${before}::bigint` : sql``}
        order by notifications.id desc limit ${limit + 1}`.execute(db)
      const {
        rows: [count],
      } = await sql<{ unread: number }>`
        select count(*)::int as unread from notifications where user_id = ${userId} and read_at is null`.execute(db)
      const items: NotificationItem[] = rows.slice(0, limit).map((r) => ({
        id: r.id,
        kind: r.kind,
        payload: r.payload,
        createdAt: new Date(r.created_at).toISOString(),
        read: r.read,
      }))
      return { items, unread: count!.unread, nextCursor: rows.length > limit ? items.at(-1)!.id : null }
    },

    /** Marks the user's own notices read (others' ids are ignored); all of them with `ids` null. */
    async markRead(userId: number, ids: readonly string[] | null): Promise<number> {
      const result = await sql`
        update notifications set read_at = now()
        where user_id = ${userId} and read_at is null
          ${ids ? sql`and id = any(${[...ids]}::bigint[])` : sql``}`.execute(db)
      return Number(result.numAffectedRows ?? 0)
    },

    async mutedKinds(userId: number): Promise<NotificationKind[]> {
      const { rows } = await sql<{ kind: NotificationKind }>`
        select kind from notification_mutes where user_id = ${userId} order by kind`.execute(db)
      return rows.map((r) => r.kind)
    },

    /** Replaces the user's mutes (in a transaction). */
    async replaceMutes(userId: number, kinds: readonly NotificationKind[]): Promise<void> {
      await sql`delete from notification_mutes where user_id = ${userId}`.execute(db)
      if (kinds.length)
        await sql`
          insert into notification_mutes (user_id, kind)
          select ${userId}, k from unnest(${[...new Set(kinds)]}::text[]) k`.execute(db)
    },

    /** Stores a browser's subscription for the user; an endpoint re-subscribed by another user becomes theirs. */
    async subscribe(userId: number, subscription: PushSubscriptionBody): Promise<void> {
      await sql`
        insert into push_subscriptions (user_id, endpoint, p256dh, auth)
        values (${userId}, ${subscription.endpoint}, ${subscription.keys.p256dh}, ${subscription.keys.auth})
        on conflict (endpoint) do update set user_id = excluded.user_id, p256dh = excluded.p256dh, auth = excluded.auth`.execute(
        db,
      )
    },

    async unsubscribe(userId: number, endpoint: string): Promise<void> {
      await sql`delete from push_subscriptions where user_id = ${userId} and endpoint = ${endpoint}`.execute(db)
    },

    /** The push service said the subscription is gone (404/410). */
    async removeSubscription(id: number): Promise<void> {
      await sql`delete from push_subscriptions where id = ${id}`.execute(db)
    },

    /**
     * Claims up to `limit` owed pushes due at `now` with SKIP LOCKED and a lease, so two API instances never send
     * the same one at once; each with the user's subscriptions.
     */
    async claimPushes(now: Date, limit: number): Promise<ClaimedPush[]> {
      const { rows } = await sql<{
        id: string
        user_id: number
        kind: NotificationKind
        payload: NotificationPayload
        created_at: Date
        push_attempts: number
        subscriptions: ClaimedPush['subscriptions']
      }>`
        with due as (
          select id from notifications
          where push_next_at <= ${now}::timestamptz
          order by push_next_at limit ${limit} for update skip locked
        ), claimed as (
          update notifications n set push_next_at = ${now}::timestamptz + make_interval(secs => ${PUSH_LEASE_SECONDS})
          from due where n.id = due.id
          returning n.id, n.user_id, n.kind, n.payload, n.created_at, n.push_attempts
        )
        select c.id::text, c.user_id, c.kind, c.payload, c.created_at, c.push_attempts,
          coalesce((select jsonb_agg(jsonb_build_object('id', s.id, 'endpoint', s.endpoint, 'p256dh', s.p256dh, 'auth', s.auth) order by s.id)
            from push_subscriptions s where s.user_id = c.user_id), '[]'::jsonb) as subscriptions
        from claimed c`.execute(db)
      return rows.map((r) => ({
        id: r.id,
        userId: r.user_id,
        kind: r.kind,
        payload: r.payload,
        createdAt: new Date(r.created_at).toISOString(),
        attempts: r.push_attempts,
        subscriptions: r.subscriptions,
      }))
    },

    /** Delivered (or nobody left to deliver to): the push is no longer owed. */
    async pushDone(id: string): Promise<void> {
      await sql`update notifications set push_next_at = null, pushed_at = now(), push_attempts = push_attempts + 1
        where id = ${id}::bigint`.execute(db)
    },

    /** A failed attempt: the next one at `nextAt`, or never again (null) once attempts run out. */
    async pushFailed(id: string, nextAt: Date | null): Promise<void> {
      await sql`update notifications set push_next_at = ${nextAt}::timestamptz, push_attempts = push_attempts + 1
        where id = ${id}::bigint`.execute(db)
    },
  }
}

export type NotificationsRepository = ReturnType<typeof createNotificationsRepository>

declare module 'fastify' {
  interface FastifyInstance {
    notificationsRepository: NotificationsRepository
  }
}

export default fp(
  (fastify) => {
    fastify.decorate('notificationsRepository', createNotificationsRepository(fastify.kysely))
  },
  { name: 'notifications-repository', dependencies: ['database'] },
)
