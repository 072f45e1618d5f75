import { randomUUID } from 'node:crypto'
import fp from 'fastify-plugin'
// The `kysely` decorator's type comes with the database plugin this one depends on.
import type {} from '../../external/database.ts'
import { CompiledQuery, sql, type Kysely, type RawBuilder } from 'kysely'
import type { Database } from '../../../db/database-schema.ts'
import { writeAudit, type Actor } from '../audit/audit-log.ts'
import { systemUserId } from '../escalation/system-user.ts'
import type { GridRef } from '../grids/grids-repository.ts'
import { FILING_SQL, filingParameters, type FilingOutcome } from '../incidents/report-statement.ts'
import type { EventRow } from '../realtime/live-event.ts'

/** Open311 times: ISO 8601 to the second with +08:00; a due date stored past 9999 goes out as 9999's last second. */
const isoAt = (column: string): RawBuilder<string | null> =>
  sql`to_char(least(${sql.ref(column)}, '9999-12-31T23:59:59+08:00'::timestamptz) at time zone 'Asia/Shanghai', 'YYYY-MM-DD"T"HH24:MI:SS"+08:00"')`

/** One sub-category as an Open311 service. */
export interface ServiceRow {
  code: string
  name: string
  groupName: string
  handlingLimitUnit: 'hours' | 'days'
  handlingLimitAmount: string
}

/** A case as the public reads it: nothing of who reported it. */
export interface PublicRequestRow {
  caseNumber: string
  status: string
  serviceCode: string
  serviceName: string
  description: string
  department: string | null
  requestedAt: string
  updatedAt: string
  expectedAt: string | null
  address: string | null
  lat: number
  long: number
  mediaUrl: string | null
}

/** One workflow step of a case, as a service request update. */
export interface UpdateRow {
  id: string
  caseNumber: string
  action: string
  toStatus: string
  at: string
  mediaUrl: string | null
}

export interface RequestFilters {
  caseNumbers?: string[] | undefined
  serviceCodes?: string[] | undefined
  statuses?: string[] | undefined
  from: Date
  to: Date
  limit: number
}

/** What a client files: the incident's own fields, and what stays beside it in open311_requests. */
export interface Open311Filing {
  keyId: number
  categoryId: number
  serviceCode: string
  description: string
  lng: number
  lat: number
  address: string | null
  attributes: Record<string, string | string[]>
  addressString: string | null
  mediaUrl: string | null
  email: string | null
  deviceId: string | null
  accountId: string | null
  firstName: string | null
  lastName: string | null
  phone: string | null
}

export type FilingResult =
  | { filed: false }
  | { filed: true; caseNumber: string; token: string; chain: [GridRef, GridRef, GridRef]; event: EventRow | null }

/** Workflow states that are, for Open311, closed: the case is finished or was not taken up. */
export const CLOSED_STATES = ['closed', 'rejected'] as const
const OPEN_STATES = ['reported', 'registered', 'dispatched', 'in_progress', 'handled'] as const

function statesOf(statuses: readonly string[]): string[] {
  return statuses.flatMap((s) => (s === 'closed' ? [...CLOSED_STATES] : s === 'open' ? [...OPEN_STATES] : []))
}

/**
 * The Open311 server's SQL: the street's code, its services, the public view of its cases and their steps, and a
 * request's filing — the report's own filing statement (report-statement.ts) with source 'open311', its
 * open311_requests row and the key's audit row, in one transaction.
 */
export function createOpen311Repository(db: Kysely<Database>) {
  const publicRequests = () =>
    db
      .selectFrom('incidents as i')
      .innerJoin('categories as c', 'c.id', 'i.category_id')
      .leftJoin('departments as d', 'd.id', 'i.assignee_department_id')
      .leftJoin('open311_requests as o', 'o.incident_id', 'i.id')
      .select([
        'i.case_number as caseNumber',
        'i.status',
        'c.code as serviceCode',
        'c.name as serviceName',
        'i.description',
        'd.name as department',
        sql<string>`${isoAt('i.created_at')}`.as('requestedAt'),
        sql<string>`${isoAt('i.updated_at')}`.as('updatedAt'),
        isoAt('i.due_at').as('expectedAt'),
        sql<string | null>`coalesce(i.address, o.address_string)`.as('address'),
        sql<number>`ST_Y(i.location)`.as('lat'),
        sql<number>`ST_X(i.location)`.as('long'),
        'o.media_url as mediaUrl',
      ])

  return {
    /**
     * The street's code — the jurisdiction_id: the first nine digits its communities' codes share (GB/T 10114: six
     * for the county, three for the street). Undefined when the grids name no single street.
     */
    async jurisdiction(): Promise<string | undefined> {
      const rows = await db
        .selectFrom('grids')
        .where('level', '=', 1)
        .select(sql<string>`left(code, 9)`.as('street'))
        .distinct()
        .execute()
      return rows.length === 1 ? rows[0]!.street : undefined
    },

    /** Every sub-category with its group, in code order: the Open311 services. */
    services(): Promise<ServiceRow[]> {
      return db
        .selectFrom('categories as c')
        .innerJoin('categories as g', 'g.id', 'c.parent_id')
        .select([
          'c.code',
          'c.name',
          'g.name as groupName',
          sql<'hours' | 'days'>`c.handling_limit_unit`.as('handlingLimitUnit'),
          sql<string>`c.handling_limit_amount::text`.as('handlingLimitAmount'),
        ])
        .orderBy('c.code')
        .execute()
    },

    /** A sub-category's id by its code. */
    async categoryId(code: string): Promise<number | undefined> {
      const row = await db
        .selectFrom('categories')
        .where('code', '=', code)
        .where('parent_id', 'is not', null)
        .select('id')
        .executeTakeFirst()
      return row?.id
    },

    /**
     * The point of the grid an address names — the unit grid, else the 片区, else the community whose name it
     * contains, the longest name first — for a request with an address and no lat/long.
     */
    async pointOfAddress(address: string): Promise<{ lng: number; lat: number } | undefined> {
      const row = await db
        .selectFrom('grids')
        .where(sql<boolean>`strpos(${address}, name) > 0`)
        .select([
          sql<number>`ST_X(ST_PointOnSurface(geom))`.as('lng'),
          sql<number>`ST_Y(ST_PointOnSurface(geom))`.as('lat'),
        ])
        .orderBy('level', 'desc')
        .orderBy(sql`length(name)`, 'desc')
        .orderBy('code')
        .limit(1)
        .executeTakeFirst()
      return row
    },

    /** Files a request as an incident of source open311 in one transaction with its open311_requests and audit rows. */
    async file(request: Open311Filing, actor: Actor): Promise<FilingResult> {
      const category = await db
        .selectFrom('categories')
        .where('id', '=', request.categoryId)
        .select('code')
        .executeTakeFirstOrThrow()
      // The case's reporter of record is the system account (系统): no person of the street filed it; the key that
      // did is in open311_requests and the audit row.
      const reporterId = await systemUserId(db)
      return db.transaction().execute(async (tx) => {
        const {
          rows: [outcome],
        } = await tx.executeQuery<FilingOutcome>(
          CompiledQuery.raw(
            FILING_SQL,
            filingParameters([
              {
                // Open311 has no idempotency key: each POST is a request of its own.
                clientId: randomUUID(),
                categoryCode: category.code,
                categoryId: request.categoryId,
                description: request.description,
                lng: request.lng,
                lat: request.lat,
                accuracyM: null,
                address: request.address,
                selfHandled: false,
                reporterId,
                source: 'open311',
              },
            ]),
          ),
        )
        if (!outcome?.chain || !outcome.id || !outcome.filed) return { filed: false }
        const token = randomUUID()
        await tx
          .insertInto('open311_requests')
          .values({
            incident_id: outcome.id,
            api_key_id: request.keyId,
            token,
            service_code: request.serviceCode,
            attributes: JSON.stringify(request.attributes),
            address_string: request.addressString,
            media_url: request.mediaUrl,
            email: request.email,
            device_id: request.deviceId,
            account_id: request.accountId,
            first_name: request.firstName,
            last_name: request.lastName,
            phone: request.phone,
          })
          .execute()
        await writeAudit(tx, actor, {
          action: 'open311_key.use',
          entity: 'open311_key',
          entityId: request.keyId,
          after: {
            resource: 'requests.post',
            serviceCode: request.serviceCode,
            serviceRequestId: outcome.filed.caseNumber,
          },
        })
        return { filed: true, caseNumber: outcome.filed.caseNumber, token, chain: outcome.chain, event: outcome.event }
      })
    },

    /** The public view of the street's cases, newest first, at most `limit`. */
    requests(f: RequestFilters): Promise<PublicRequestRow[]> {
      return publicRequests()
        .$if(f.caseNumbers !== undefined, (q) => q.where('i.case_number', 'in', f.caseNumbers!))
        .$if(f.caseNumbers === undefined, (q) =>
          q.where('i.created_at', '>=', f.from).where('i.created_at', '<=', f.to),
        )
        .$if(f.serviceCodes !== undefined, (q) => q.where('c.code', 'in', f.serviceCodes!))
        .$if(f.statuses !== undefined, (q) => q.where('i.status', 'in', statesOf(f.statuses!)))
        .orderBy('i.id', 'desc')
        .limit(f.limit)
        .execute()
    },

    request: (caseNumber: string): Promise<PublicRequestRow | undefined> =>
      publicRequests().where('i.case_number', '=', caseNumber).executeTakeFirst(),

    async caseNumberOfToken(token: string): Promise<string | undefined> {
      const row = await db
        .selectFrom('open311_requests as o')
        .innerJoin('incidents as i', 'i.id', 'o.incident_id')
        .where('o.token', '=', token)
        .select('i.case_number')
        .executeTakeFirst()
      return row?.case_number
    },

    /** Each workflow step in the window as an update, oldest first, at most `limit`. */
    updates(f: { from: Date; to: Date; limit: number }): Promise<UpdateRow[]> {
      return db
        .selectFrom('incident_history as h')
        .innerJoin('incidents as i', 'i.id', 'h.incident_id')
        .leftJoin('open311_requests as o', (join) =>
          join.onRef('o.incident_id', '=', 'i.id').on('h.from_status', 'is', null),
        )
        .where('h.at', '>=', f.from)
        .where('h.at', '<=', f.to)
        .select([
          sql<string>`h.id::text`.as('id'),
          'i.case_number as caseNumber',
          'h.action',
          'h.to_status as toStatus',
          sql<string>`${isoAt('h.at')}`.as('at'),
          'o.media_url as mediaUrl',
        ])
        .orderBy('h.id')
        .limit(f.limit)
        .execute()
    },
  }
}

export type Open311Repository = ReturnType<typeof createOpen311Repository>

declare module 'fastify' {
  interface FastifyInstance {
    open311Repository: Open311Repository
  }
}

export default fp(
  (fastify) => {
    fastify.decorate('open311Repository', createOpen311Repository(fastify.kysely))
  },
  { name: 'open311-repository', dependencies: ['database'] },
)
