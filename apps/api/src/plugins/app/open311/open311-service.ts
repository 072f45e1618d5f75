import fp from 'fastify-plugin'
import {
  isTimestamp,
  type Open311RequestForm,
  type Open311RequestsQuery,
  type Open311UpdatesQuery,
} from '@wangge/contract'
import type { Actor } from '../audit/audit-log.ts'
import { liveEventOf, type EventPublisher } from '../realtime/live-event.ts'
import type { ApiKeysService } from './api-keys-service.ts'
import { SERVICE_ATTRIBUTES, STATE_NOTES, updateDescriptionOf, updateStatusOf } from './open311-catalogue.ts'
import { Open311BadRequestError, Open311KeyRequiredError, Open311NotFoundError } from './open311-errors.ts'
import type { Discovery, RequestUpdate, Service, ServiceDefinition } from './open311-format.ts'
import { CLOSED_STATES, type Open311Repository, type PublicRequestRow, type ServiceRow } from './open311-repository.ts'

/** When this API's shape last changed (discovery's changeset). */
const CHANGESET = '2026-11-29T00:00:00+08:00'
/** GET requests without dates reads the last 90 days, and never more than 1,000 requests at once (the spec's own). */
const DEFAULT_WINDOW_DAYS = 90
const MAX_REQUESTS = 1000
/** servicerequestupdates without dates reads the last day (a poller sends its own start_date). */
const DEFAULT_UPDATES_HOURS = 24
const DAY_MS = 24 * 60 * 60 * 1000

export interface Open311Context {
  /** The server's own URL of /open311/v2, as the client reached it. */
  baseUrl: string
  streetName: string
  address: string | null
}

const limitText = (s: ServiceRow) =>
  `${s.handlingLimitAmount} ${s.handlingLimitUnit === 'hours' ? '个工作小时' : '个工作日'}`

/** A case as the public reads it: state in open/closed, nothing of who reported it. */
function publicRequest(r: PublicRequestRow) {
  return {
    service_request_id: r.caseNumber,
    status: (CLOSED_STATES as readonly string[]).includes(r.status) ? 'closed' : 'open',
    status_notes: STATE_NOTES[r.status] ?? '',
    service_name: r.serviceName,
    service_code: r.serviceCode,
    description: r.description,
    agency_responsible: r.department ?? '',
    service_notice: '',
    requested_datetime: r.requestedAt,
    updated_datetime: r.updatedAt,
    expected_datetime: r.expectedAt ?? '',
    address: r.address ?? '',
    address_id: '',
    zipcode: '',
    lat: r.lat,
    long: r.long,
    media_url: r.mediaUrl ?? '',
  }
}

const splitList = (text: string | undefined) => (text === undefined ? undefined : [...new Set(text.split(','))])

/** A window [from, to] from optional ISO dates; refused when it runs backwards. */
function windowOf(start: string | undefined, end: string | undefined, defaultMs: number) {
  const to = end ? new Date(end) : new Date()
  const from = start ? new Date(start) : new Date(to.getTime() - defaultMs)
  if (from > to) throw new Open311BadRequestError('start_date 晚于 end_date / start_date is after end_date')
  return { from, to }
}

/** The attribute values of a request, checked against the service definition. */
function checkedAttributes(given: Open311RequestForm['attribute']): Record<string, string | string[]> {
  const values = given ?? {}
  const known = new Map(SERVICE_ATTRIBUTES.map((a) => [a.code, a]))
  const problems: string[] = []
  for (const code of Object.keys(values)) if (!known.has(code)) problems.push(`未知属性 attribute[${code}]`)
  for (const a of SERVICE_ATTRIBUTES) {
    const value = values[a.code]
    if (value === undefined || value === '') {
      if (a.required) problems.push(`缺少必填属性 attribute[${a.code}]`)
      continue
    }
    const list = Array.isArray(value) ? value : [value]
    const keys = new Set(a.values.map((v) => v.key))
    if (a.datatype !== 'multivaluelist' && list.length > 1) problems.push(`属性 attribute[${a.code}] 只能有一个值`)
    else if ((a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist') && list.some((v) => !keys.has(v)))
      problems.push(`属性 attribute[${a.code}] 的取值不在列表中`)
    else if (a.datatype === 'datetime' && !isTimestamp(list[0]!))
      problems.push(`属性 attribute[${a.code}] 不是 ISO 8601 时间`)
    else if (a.datatype === 'number' && !Number.isFinite(Number(list[0])))
      problems.push(`属性 attribute[${a.code}] 不是数字`)
    else if (a.datatype === 'string' && list[0]!.length > 100) problems.push(`属性 attribute[${a.code}] 超过 100 字`)
  }
  if (problems.length > 0) throw new Open311BadRequestError(`${problems.join('；')} / invalid attributes`)
  return values
}

/**
 * The Open311 GeoReport v2 server's rules: the street is one jurisdiction (its code), each sub-category a service
 * with the same attributes; a POST needs a key that may file the service, a point in the street (lat/long, or an
 * address naming one of its grids) and valid attributes, and enters the workflow as a reported case of source
 * open311 with its grid chain, its live event published once committed. Reads are public and carry no personal data.
 */
export function createOpen311Service(repo: Open311Repository, keys: ApiKeysService, events: EventPublisher) {
  let jurisdiction: Promise<string | undefined> | undefined
  const jurisdictionOf = () => (jurisdiction ??= repo.jurisdiction())

  /** A read names this street or none; a key given with it must be live and is audited. */
  async function checkRead(
    query: { jurisdiction_id?: string; api_key?: string },
    resource: string,
    ctx: Open311Context,
  ) {
    await checkJurisdiction(query.jurisdiction_id)
    if (query.api_key !== undefined) {
      const use = { resource, address: ctx.address }
      await keys.recordRead(await keys.authorize(query.api_key, use), use)
    }
  }

  async function checkJurisdiction(id: string | undefined) {
    if (id === undefined) return
    const street = await jurisdictionOf()
    if (id !== street) throw new Open311NotFoundError(`jurisdiction_id ${id}（本街道为 ${street ?? '未配置'}）`)
  }

  return {
    async discovery(ctx: Open311Context, query: { jurisdiction_id?: string; api_key?: string }): Promise<Discovery> {
      await checkRead(query, 'discovery', ctx)
      return {
        changeset: CHANGESET,
        contact: `${ctx.streetName}网格化管理中心 / ${ctx.streetName} grid management centre`,
        key_service: `API 密钥由街道系统管理员在「Open311 接入」页面签发 / API keys are issued by the street's admins`,
        endpoints: [
          {
            specification: 'http://wiki.open311.org/GeoReport_v2',
            url: ctx.baseUrl,
            changeset: CHANGESET,
            type: 'production',
            formats: ['text/xml', 'application/json'],
          },
        ],
      }
    },

    async services(ctx: Open311Context, query: { jurisdiction_id?: string; api_key?: string }): Promise<Service[]> {
      await checkRead(query, 'services', ctx)
      return (await repo.services()).map((s) => ({
        service_code: s.code,
        service_name: s.name,
        description: `${s.groupName} · ${s.name}，处置时限 ${limitText(s)}`,
        metadata: true,
        type: 'realtime',
        keywords: [s.groupName, s.name].join(', '),
        group: s.groupName,
      }))
    },

    async serviceDefinition(
      code: string,
      ctx: Open311Context,
      query: { jurisdiction_id?: string; api_key?: string },
    ): Promise<ServiceDefinition> {
      await checkRead(query, 'service_definition', ctx)
      if ((await repo.categoryId(code)) === undefined) throw new Open311NotFoundError(`服务 ${code} service`)
      return { service_code: code, attributes: SERVICE_ATTRIBUTES }
    },

    /** Files a request; answers its service_request_id (the case number), token and notice. */
    async file(form: Open311RequestForm, ctx: Open311Context) {
      // The key first: a request from no one is refused before anything it says is looked at.
      if (!form.api_key) throw new Open311KeyRequiredError()
      await checkJurisdiction(form.jurisdiction_id)
      const key = await keys.authorize(form.api_key, {
        resource: 'requests.post',
        serviceCode: form.service_code,
        address: ctx.address,
      })
      const categoryId = await repo.categoryId(form.service_code)
      if (categoryId === undefined) throw new Open311NotFoundError(`服务 ${form.service_code} service`)
      const attributes = checkedAttributes(form.attribute)

      const hasLat = form.lat !== undefined
      if (hasLat !== (form.long !== undefined)) {
        throw new Open311BadRequestError('lat 与 long 须同时提供 / lat and long go together')
      }
      let point = hasLat ? { lng: form.long!, lat: form.lat! } : undefined
      if (!point) {
        if (!form.address_string) {
          throw new Open311BadRequestError(
            '须提供 lat/long 或 address_string / lat and long, or address_string, required',
          )
        }
        point = await repo.pointOfAddress(form.address_string)
        if (!point) {
          throw new Open311BadRequestError(
            '无法定位该地址：地址中须包含本街道的社区、片区或网格名称，或提供 lat/long / the address names no grid of the street: send lat and long',
          )
        }
      }
      const services = await repo.services()
      const service = services.find((s) => s.code === form.service_code)!
      const filed = await repo.file(
        {
          keyId: key.id,
          categoryId,
          serviceCode: form.service_code,
          description: form.description ?? service.name,
          lng: point.lng,
          lat: point.lat,
          address: form.address_string ?? null,
          attributes,
          addressString: form.address_string ?? null,
          mediaUrl: form.media_url ?? null,
          email: form.email ?? null,
          deviceId: form.device_id ?? null,
          accountId: form.account_id ?? null,
          firstName: form.first_name ?? null,
          lastName: form.last_name ?? null,
          phone: form.phone ?? null,
        },
        { id: null, address: ctx.address } satisfies Actor,
      )
      if (!filed.filed) {
        throw new Open311BadRequestError(
          `位置 (${point.lat}, ${point.lng}) 不在本街道管辖网格内 / the location is outside the street's grids`,
        )
      }
      if (filed.event) events.publish(liveEventOf(filed.event))
      return [
        {
          service_request_id: filed.caseNumber,
          token: filed.token,
          service_notice: `已受理，转入${filed.chain[0].name}${filed.chain[2].name}；处置时限 ${limitText(service)}`,
          account_id: '',
        },
      ]
    },

    async requests(query: Open311RequestsQuery, ctx: Open311Context) {
      await checkRead(query, 'requests', ctx)
      const { from, to } = windowOf(query.start_date, query.end_date, DEFAULT_WINDOW_DAYS * DAY_MS)
      const caseNumbers = splitList(query.service_request_id)
      if (caseNumbers && caseNumbers.length > MAX_REQUESTS) {
        throw new Open311BadRequestError(`service_request_id 最多 ${MAX_REQUESTS} 个 / at most ${MAX_REQUESTS} ids`)
      }
      const rows = await repo.requests({
        caseNumbers,
        serviceCodes: splitList(query.service_code),
        statuses: splitList(query.status),
        from,
        to,
        limit: MAX_REQUESTS,
      })
      return rows.map(publicRequest)
    },

    async request(id: string, ctx: Open311Context, query: { jurisdiction_id?: string; api_key?: string }) {
      await checkRead(query, 'request', ctx)
      const row = await repo.request(id)
      if (!row) throw new Open311NotFoundError(`服务请求 ${id} service request`)
      return [publicRequest(row)]
    },

    async token(token: string, ctx: Open311Context, query: { jurisdiction_id?: string; api_key?: string }) {
      await checkRead(query, 'token', ctx)
      const caseNumber = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(token)
        ? await repo.caseNumberOfToken(token)
        : undefined
      if (!caseNumber) throw new Open311NotFoundError(`token ${token}`)
      return [{ service_request_id: caseNumber, token }]
    },

    async updates(query: Open311UpdatesQuery, ctx: Open311Context): Promise<RequestUpdate[]> {
      await checkRead(query, 'servicerequestupdates', ctx)
      const { from, to } = windowOf(query.start_date, query.end_date, DEFAULT_UPDATES_HOURS * 60 * 60 * 1000)
      const rows = await repo.updates({ from, to, limit: MAX_REQUESTS })
      return rows.map((u) => ({
        update_id: u.id,
        service_request_id: u.caseNumber,
        status: updateStatusOf(u.toStatus),
        updated_datetime: u.at,
        description: updateDescriptionOf(u.action, u.toStatus),
        media_url: u.mediaUrl ?? '',
      }))
    },
  }
}

export type Open311Service = ReturnType<typeof createOpen311Service>

declare module 'fastify' {
  interface FastifyInstance {
    open311Service: Open311Service
  }
}

export default fp(
  (fastify) => {
    fastify.decorate(
      'open311Service',
      createOpen311Service(fastify.open311Repository, fastify.apiKeysService, fastify.realtime),
    )
  },
  { name: 'open311-service', dependencies: ['open311-repository', 'api-keys-service', 'realtime'] },
)
