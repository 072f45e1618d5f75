import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import {
  errorResponses,
  NotificationListQuery,
  type NotificationKind,
  NotificationPage,
  NotificationReadBody,
  NotificationSettings,
  PushSubscriptionBody,
  PushUnsubscribeBody,
  VapidPublicKey,
} from '@wangge/contract'
import { requireUser } from '../../../plugins/app/accounts/authentication.ts'
import { AppError } from '../../../errors.ts'

/** Only https push services, and the loopback over http (a local push service, as the tests run one). */
function pushEndpointAllowed(endpoint: string): boolean {
  let url: URL
  try {
    url = new URL(endpoint)
  } catch {
    return false
  }
  if (url.protocol === 'https:') return true
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)
}

/** A subscription's keys as RFC 8291 has them: an uncompressed P-256 point and a 16-byte auth secret. */
function pushKeysValid(keys: { p256dh: string; auth: string }): boolean {
  const point = Buffer.from(keys.p256dh, 'base64url')
  return point.length === 65 && point[0] === 4 && Buffer.from(keys.auth, 'base64url').length === 16
}

/** The signed-in user's notification centre: the list and bell count, read marks, mutes, push subscriptions. */
const notificationRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const tags = ['notifications']
  fastify.get(
    '/api/notifications',
    {
      schema: {
        tags,
        summary: '我的通知（新的在前）与未读数 / my notices, newest first, and the unread count',
        querystring: NotificationListQuery,
        response: { 200: NotificationPage, ...errorResponses(400, 401) },
      },
    },
    async (request) =>
      fastify.notificationsRepository.page(requireUser(request).id, request.query.before, request.query.limit ?? 30),
  )

  fastify.post(
    '/api/notifications/read',
    {
      schema: {
        tags,
        summary: '标为已读（ids，或 all）/ mark read',
        body: NotificationReadBody,
        response: { 200: Type.Object({ marked: Type.Integer() }), ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const { ids, all } = request.body
      if (!all && !ids?.length)
        throw new AppError(400, 'VALIDATION_FAILED', '请指定通知或全部 / name notices or all', [
          { field: 'ids', message: 'required' },
        ])
      return { marked: await fastify.notificationsRepository.markRead(requireUser(request).id, all ? null : ids!) }
    },
  )

  fastify.get(
    '/api/notifications/settings',
    {
      schema: {
        tags,
        summary: '通知设置（静音的类别）/ notification settings',
        response: { 200: NotificationSettings, ...errorResponses(401) },
      },
    },
    async (request) => ({ muted: await fastify.notificationsRepository.mutedKinds(requireUser(request).id) }),
  )

  fastify.put(
    '/api/notifications/settings',
    {
      schema: {
        tags,
        summary: '设置静音的类别 / set muted kinds',
        body: NotificationSettings,
        response: { 200: NotificationSettings, ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const userId = requireUser(request).id
      await fastify.notificationsRepository.transaction((tx) =>
        tx.replaceMutes(userId, request.body.muted as NotificationKind[]),
      )
      return { muted: await fastify.notificationsRepository.mutedKinds(userId) }
    },
  )

  fastify.get(
    '/api/notifications/push-key',
    {
      schema: {
        tags,
        summary: 'Web Push 的 VAPID 公钥 / the VAPID public key',
        response: { 200: VapidPublicKey, ...errorResponses(401) },
      },
    },
    async () => ({ publicKey: fastify.notifications.vapidPublicKey }),
  )

  fastify.post(
    '/api/notifications/push-subscriptions',
    {
      schema: {
        tags,
        summary: '订阅推送（本浏览器）/ subscribe this browser to push',
        body: PushSubscriptionBody,
        response: { 204: Type.Null(), ...errorResponses(400, 401) },
      },
    },
    async (request, reply) => {
      if (!pushKeysValid(request.body.keys))
        throw new AppError(400, 'VALIDATION_FAILED', '推送密钥无效 / invalid push keys', [
          { field: 'keys', message: 'P-256 public key and 16-byte auth secret' },
        ])
      if (!pushEndpointAllowed(request.body.endpoint))
        throw new AppError(400, 'VALIDATION_FAILED', '推送地址无效 / invalid push endpoint', [
          { field: 'endpoint', message: 'https only' },
        ])
      await fastify.notificationsRepository.subscribe(requireUser(request).id, request.body)
      return reply.code(204).send(null)
    },
  )

  fastify.post(
    '/api/notifications/push-subscriptions/remove',
    {
      schema: {
        tags,
        summary: '取消订阅推送 / unsubscribe this browser',
        body: PushUnsubscribeBody,
        response: { 204: Type.Null(), ...errorResponses(400, 401) },
      },
    },
    async (request, reply) => {
      await fastify.notificationsRepository.unsubscribe(requireUser(request).id, request.body.endpoint)
      return reply.code(204).send(null)
    },
  )
}

export default notificationRoutes
