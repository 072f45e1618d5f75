import { sql, type Kysely, type RawBuilder } from 'kysely'
import type {
  BuildingRow,
  GridRegistry,
  HouseDetail,
  HouseRow,
  OrganisationRow,
  ResidentRow,
  VisitRow,
} from '@wangge/contract'
import { canSeeFocusPeople } from '@wangge/accounts'
import { FOCUS_TAG } from '@wangge/contract'
import type { Database } from '../../../db/database-schema.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'
import { chainInScope, inRegistryScope, visibleFocusCategory, visibleTags } from './registry-scope.ts'

type User = Pick<SignedInUser, 'id' | 'role' | 'grids'>

const gridRef = (alias: string) =>
  sql`json_build_object('id', ${sql.table(alias)}.id, 'code', ${sql.table(alias)}.code, 'name', ${sql.table(alias)}.name)`

/** The columns of a resident as lists show it (masked numbers, tags as the user may read them). */
export const residentColumns = (user: User) => sql`
  r.id, r.name, r.id_number_masked as "idNumberMasked", r.phone_masked as "phoneMasked", r.sex,
  to_char(r.birth_date, 'YYYY-MM-DD') as "birthDate", r.hukou_here as "hukouHere", r.relation,
  ${visibleTags(user)} as tags, ${visibleFocusCategory(user)} as "focusCategory", r.house_id as "houseId",
  h.address, ${gridRef('rg')} as grid`
export const residentFrom = sql`
  registry.residents r left join registry.houses h on h.id = r.house_id join grids rg on rg.id = r.grid_l3_id`

const buildingColumns = sql`
  b.id, b.name, b.address, b.use, b.floors, b.units,
  json_build_object('lng', ST_X(b.location), 'lat', ST_Y(b.location)) as location, ${gridRef('bg')} as grid`
const buildingFrom = sql`registry.buildings b join grids bg on bg.id = b.grid_l3_id`

const houseColumns = sql`
  h.id, h.building_id as "buildingId", h.unit, h.floor, h.number, h.address, h.use, h.area_m2::float8 as "areaM2",
  h.occupancy, (select count(*)::int from registry.residents hr where hr.house_id = h.id) as residents,
  (select max(v.visited_at) from registry.visits v where v.house_id = h.id) as "lastVisitAt", ${gridRef('hg')} as grid`
const houseFrom = sql`registry.houses h join grids hg on hg.id = h.grid_l3_id`

const organisationColumns = sql`
  o.id, o.name, o.kind, o.credit_code as "creditCode", o.address,
  json_build_object('lng', ST_X(o.location), 'lat', ST_Y(o.location)) as location, o.contact_name as "contactName",
  o.contact_phone_masked as "contactPhoneMasked",
  (select count(*)::int from registry.organisation_members m where m.organisation_id = o.id) as members,
  ${gridRef('og')} as grid`
const organisationFrom = sql`registry.organisations o join grids og on og.id = o.grid_l3_id`

const visitColumns = sql`
  v.id::text, v.client_id::text as "clientId", json_build_object('id', vu.id, 'name', vu.name) as worker,
  v.house_id as "houseId", v.resident_id as "residentId", v.organisation_id as "organisationId",
  v.visited_at as "visitedAt", v.notes, v.problem, v.incident_id::text as "incidentId",
  coalesce((select array_agg(p.photo_sha256 order by p.position) from registry.visit_photos p where p.visit_id = v.id),
    '{}') as photos`
const visitFrom = sql`registry.visits v join users vu on vu.id = v.worker_id`

/** Timestamps as ISO text for the contract's date-time strings. */
function isoTimes<T extends Record<string, unknown>>(row: T, ...keys: (keyof T)[]): T {
  for (const key of keys) {
    const value = row[key]
    if (value instanceof Date) (row as Record<string, unknown>)[key as string] = value.toISOString()
  }
  return row
}

export interface ResidentSearch {
  /** Exact lookups already turned into keyed hashes by the service. */
  idNumberHash?: Buffer
  phoneHash?: Buffer
  /** The last four of an ID number, or a masked number as lists show it. */
  maskedTail?: string
  text?: string
  tag?: string
  gridId?: number
  afterId?: number
  limit: number
}

export function createRegistryReads(db: Kysely<Database>) {
  const rows = async <T>(query: RawBuilder<unknown>) => (await query.execute(db)).rows as T[]
  return {
    async searchResidents(user: User, s: ResidentSearch): Promise<ResidentRow[]> {
      const where: RawBuilder<unknown>[] = [inRegistryScope(user, 'r')]
      if (s.idNumberHash) where.push(sql`r.id_number_hmac = ${s.idNumberHash}`)
      if (s.phoneHash) where.push(sql`r.phone_hmac = ${s.phoneHash}`)
      if (s.maskedTail) where.push(sql`r.id_number_masked like ${`%${s.maskedTail}`}`)
      if (s.text) {
        const text = s.text.replace(/[\\%_]/g, (c) => `\\${c}`)
        // Two index-friendly halves, not one OR: `name like 'x%'` is a range on the name's pattern index, the houses
        // are few (one scan); with an OR the planner walked every resident for a rare name (236 ms → 22 ms at 100k).
        where.push(sql`r.id in (
          select id from registry.residents where name like ${`${text}%`}
          union all
          select id from registry.residents where house_id in (
            select id from registry.houses where address like ${`%${text}%`}))`)
      }
      // The tags column itself (its GIN index), except that a role not granted 重点人员 finds nobody by it.
      if (s.tag)
        where.push(
          s.tag === FOCUS_TAG && !canSeeFocusPeople(user.role) ? sql`false` : sql`r.tags @> array[${s.tag}::text]`,
        )
      if (s.gridId !== undefined)
        where.push(sql`(r.grid_l3_id = ${s.gridId} or r.grid_l2_id = ${s.gridId} or r.grid_l1_id = ${s.gridId})`)
      if (s.afterId !== undefined) where.push(sql`r.id > ${s.afterId}`)
      return rows<ResidentRow>(sql`
        select ${residentColumns(user)} from ${residentFrom}
        where ${sql.join(where, sql` and `)}
        order by r.id limit ${s.limit}`)
    },

    /** A unit grid's registry, or undefined when the grid is no unit grid in the user's scope. */
    async gridRegistry(user: User, gridId: number): Promise<GridRegistry | undefined> {
      const grid = (
        await rows<{ id: number; code: string; name: string }>(sql`
          select g.id, g.code, g.name from grids g join grids g2 on g2.id = g.parent_id
          where g.id = ${gridId} and g.level = 3
            and ${chainInScope(user, sql.ref('g2.parent_id'), sql.ref('g2.id'), sql.ref('g.id'))}`)
      )[0]
      if (!grid) return undefined
      const [buildings, houses, residents, organisations] = await Promise.all([
        rows<BuildingRow>(
          sql`select ${buildingColumns} from ${buildingFrom} where b.grid_l3_id = ${gridId} order by b.id`,
        ),
        rows<HouseRow>(sql`select ${houseColumns} from ${houseFrom} where h.grid_l3_id = ${gridId} order by h.id`),
        rows<ResidentRow>(
          sql`select ${residentColumns(user)} from ${residentFrom} where r.grid_l3_id = ${gridId} order by r.house_id, r.id limit 1000`,
        ),
        rows<OrganisationRow>(
          sql`select ${organisationColumns} from ${organisationFrom} where o.grid_l3_id = ${gridId} order by o.id`,
        ),
      ])
      return { grid, buildings, houses: houses.map((h) => isoTimes(h, 'lastVisitAt')), residents, organisations }
    },

    async houseDetail(user: User, houseId: number): Promise<HouseDetail | undefined> {
      const house = (
        await rows<HouseRow>(sql`select ${houseColumns} from ${houseFrom}
          where h.id = ${houseId} and ${inRegistryScope(user, 'h')}`)
      )[0]
      if (!house) return undefined
      const [building, residents, visits] = await Promise.all([
        rows<BuildingRow>(sql`select ${buildingColumns} from ${buildingFrom} where b.id = ${house.buildingId}`),
        rows<ResidentRow>(
          sql`select ${residentColumns(user)} from ${residentFrom} where r.house_id = ${houseId} order by r.id`,
        ),
        rows<VisitRow>(sql`select ${visitColumns} from ${visitFrom}
          where v.house_id = ${houseId} order by v.visited_at desc, v.id desc limit 20`),
      ])
      return {
        house: isoTimes(house, 'lastVisitAt'),
        building: building[0]!,
        residents,
        visits: visits.map((v) => isoTimes(v, 'visitedAt')),
      }
    },

    async visitByClientId(workerId: number, clientId: string): Promise<VisitRow | undefined> {
      const found = await rows<VisitRow>(sql`select ${visitColumns} from ${visitFrom}
        where v.worker_id = ${workerId} and v.client_id = ${clientId}::uuid`)
      return found[0] && isoTimes(found[0], 'visitedAt')
    },

    /** Buildings in a box, for the map's layer; at most `limit`. */
    buildingsIn(user: User, box: readonly [number, number, number, number], limit: number) {
      return rows<BuildingRow>(sql`select ${buildingColumns} from ${buildingFrom}
        where b.location && ST_MakeEnvelope(${box[0]}, ${box[1]}, ${box[2]}, ${box[3]}, 4326) and ${inRegistryScope(user, 'b')}
        order by b.id limit ${limit}`)
    },

    organisationsIn(
      user: User,
      box: readonly [number, number, number, number],
      kind: string | undefined,
      limit: number,
    ) {
      return rows<OrganisationRow>(sql`select ${organisationColumns} from ${organisationFrom}
        where o.location && ST_MakeEnvelope(${box[0]}, ${box[1]}, ${box[2]}, ${box[3]}, 4326) and ${inRegistryScope(user, 'o')}
          ${kind ? sql`and o.kind = ${kind}` : sql``}
        order by o.id limit ${limit}`)
    },

    /** The sealed numbers of a resident in scope (the reveal opens them), or undefined. */
    async sealedResident(user: User, residentId: number) {
      const found = await rows<{ id: number; name: string; id_number_cipher: Buffer; phone_cipher: Buffer | null }>(sql`
        select r.id, r.name, r.id_number_cipher, r.phone_cipher from registry.residents r
        where r.id = ${residentId} and ${inRegistryScope(user, 'r')}`)
      return found[0]
    },

    /** Whether a photo belongs to a visit the user may read. */
    async photoVisibleTo(user: User, sha256: string): Promise<boolean> {
      const found = await rows(sql`select 1 from registry.visit_photos p join registry.visits v on v.id = p.visit_id
        where p.photo_sha256 = ${sha256} and ${inRegistryScope(user, 'v')} limit 1`)
      return found.length > 0
    },
  }
}
