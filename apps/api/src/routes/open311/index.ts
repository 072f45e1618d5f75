import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { Type } from '@sinclair/typebox'
import {
  Open311Format,
  Open311ReadQuery,
  Open311RequestForm,
  Open311RequestsQuery,
  Open311UpdatesQuery,
} from '@wangge/contract'
import { sendOpen311, useOpen311Errors } from '../../plugins/app/open311/open311-http.ts'
import type { Open311Context } from '../../plugins/app/open311/open311-service.ts'

export interface Open311RouteOptions {
  publicUrl: string | undefined
  streetName: string
}

/** Public reads, keyed or not, per client address: generous for pollers, a bound for scrapers. */
const READ_RATE = { max: 600, timeWindow: '1 minute' }

const FormatParams = Type.Object({ format: Open311Format })
const tags = ['open311']

/**
 * Open311 GeoReport v2 under /open311/v2 (issue 17): discovery, services, a service's definition, POST and GET
 * requests, a request, a token and FixMyStreet's servicerequestupdates, each as `.json` or `.xml`. Reads are public;
 * a POST needs an API key (the key's own rate limit applies, apps/api/src/plugins/app/open311/api-keys-service.ts).
 * Errors take the spec's form in the requested format (open311-http.ts).
 */
const open311Routes: FastifyPluginAsyncTypebox<Open311RouteOptions> = async (fastify, { publicUrl, streetName }) => {
  useOpen311Errors(fastify)
  const context = (request: FastifyRequest): Open311Context => ({
    baseUrl: `${publicUrl ? publicUrl.replace(/\/$/, '') : `${request.protocol}://${request.host}`}/open311/v2`,
    streetName,
    address: request.ip,
  })

  fastify.get(
    '/discovery.:format',
    {
      config: { rateLimit: READ_RATE },
      schema: { tags, summary: 'Open311 服务发现 / discovery', params: FormatParams, querystring: Open311ReadQuery },
    },
    async (request, reply) =>
      sendOpen311(reply, request.params.format, {
        kind: 'discovery',
        body: await fastify.open311Service.discovery(context(request), request.query),
      }),
  )

  fastify.get(
    '/services.:format',
    {
      config: { rateLimit: READ_RATE },
      schema: {
        tags,
        summary: 'Open311 服务列表（事件小类）/ services',
        params: FormatParams,
        querystring: Open311ReadQuery,
      },
    },
    async (request, reply) =>
      sendOpen311(reply, request.params.format, {
        kind: 'services',
        body: await fastify.open311Service.services(context(request), request.query),
      }),
  )

  fastify.get(
    '/services/:service_code.:format',
    {
      config: { rateLimit: READ_RATE },
      schema: {
        tags,
        summary: 'Open311 服务定义（属性）/ a service definition',
        params: Type.Object({ service_code: Type.String({ pattern: '^[EC][0-9]{4}$' }), format: Open311Format }),
        querystring: Open311ReadQuery,
      },
    },
    async (request, reply) =>
      sendOpen311(reply, request.params.format, {
        kind: 'service_definition',
        body: await fastify.open311Service.serviceDefinition(
          request.params.service_code,
          context(request),
          request.query,
        ),
      }),
  )

  fastify.post(
    '/requests.:format',
    {
      schema: {
        tags,
        summary:
          'Open311 提交服务请求（表单编码，需 api_key）/ file a service request (form-encoded, api_key required)',
        consumes: ['application/x-www-form-urlencoded'],
        params: FormatParams,
        body: Open311RequestForm,
      },
    },
    async (request, reply) =>
      sendOpen311(
        reply,
        request.params.format,
        { kind: 'service_requests', body: await fastify.open311Service.file(request.body, context(request)) },
        201,
      ),
  )

  fastify.get(
    '/requests.:format',
    {
      config: { rateLimit: READ_RATE },
      schema: {
        tags,
        summary: 'Open311 服务请求列表（默认近 90 天，最多 1000 条）/ service requests',
        params: FormatParams,
        querystring: Open311RequestsQuery,
      },
    },
    async (request, reply) =>
      sendOpen311(reply, request.params.format, {
        kind: 'service_requests',
        body: await fastify.open311Service.requests(request.query, context(request)),
      }),
  )

  fastify.get(
    '/requests/:service_request_id.:format',
    {
      config: { rateLimit: READ_RATE },
      schema: {
        tags,
        summary: 'Open311 单个服务请求 / one service request',
        params: Type.Object({
          service_request_id: Type.String({ pattern: '^[0-9A-Za-z-]{1,40}$' }),
          format: Open311Format,
        }),
        querystring: Open311ReadQuery,
      },
    },
    async (request, reply) =>
      sendOpen311(reply, request.params.format, {
        kind: 'service_requests',
        body: await fastify.open311Service.request(request.params.service_request_id, context(request), request.query),
      }),
  )

  fastify.get(
    '/tokens/:token.:format',
    {
      config: { rateLimit: READ_RATE },
      schema: {
        tags,
        summary: 'Open311 由 token 查服务请求编号 / a request id from its token',
        params: Type.Object({ token: Type.String({ pattern: '^[0-9A-Za-z-]{1,40}$' }), format: Open311Format }),
        querystring: Open311ReadQuery,
      },
    },
    async (request, reply) =>
      sendOpen311(reply, request.params.format, {
        kind: 'service_requests',
        body: await fastify.open311Service.token(request.params.token, context(request), request.query),
      }),
  )

  fastify.get(
    '/servicerequestupdates.:format',
    {
      config: { rateLimit: READ_RATE },
      schema: {
        tags,
        summary: 'Open311 服务请求进展（FixMyStreet 扩展，默认近 24 小时）/ service request updates',
        params: FormatParams,
        querystring: Open311UpdatesQuery,
      },
    },
    async (request, reply) =>
      sendOpen311(reply, request.params.format, {
        kind: 'service_requests_updates',
        body: await fastify.open311Service.updates(request.query, context(request)),
      }),
  )
}

export default open311Routes
