import { sql, type Kysely } from 'kysely'
import type { Database } from '../../../db/database-schema.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'
import { inRegistryScope } from './registry-scope.ts'

type User = Pick<SignedInUser, 'role' | 'grids'>

export interface VisitTarget {
  houseId?: number | undefined
  residentId?: number | undefined
  organisationId?: number | undefined
}

export interface PlacedTarget {
  l1: number
  l2: number
  l3: number
  lng: number
  lat: number
  address: string
}

export interface NewVisit {
  clientId: string
  workerId: number
  target: VisitTarget
  visitedAt: Date
  notes: string
  problem: string | null
  incidentId: string | null
  point: { lng: number; lat: number } | null
  accuracyM: number | null
  chain: PlacedTarget
}

/** Visits and the rows they hang on: where a target is (in scope), and the visit's insert, idempotent per worker. */
export function createRegistryWrites(db: Kysely<Database>) {
  return {
    /** Where a house, resident or organisation in the user's scope lies (its grid chain and point), or undefined. */
    async placeTarget(user: User, target: VisitTarget): Promise<PlacedTarget | undefined> {
      const query =
        target.houseId !== undefined
          ? sql<PlacedTarget>`select h.grid_l1_id l1, h.grid_l2_id l2, h.grid_l3_id l3, ST_X(b.location) lng,
              ST_Y(b.location) lat, h.address from registry.houses h join registry.buildings b on b.id = h.building_id
              where h.id = ${target.houseId} and ${inRegistryScope(user, 'h')}`
          : target.residentId !== undefined
            ? sql<PlacedTarget>`select r.grid_l1_id l1, r.grid_l2_id l2, r.grid_l3_id l3,
                ST_X(coalesce(b.location, ST_PointOnSurface(g.geom))) lng, ST_Y(coalesce(b.location, ST_PointOnSurface(g.geom))) lat,
                coalesce(h.address, g.name) address
                from registry.residents r join grids g on g.id = r.grid_l3_id
                left join registry.houses h on h.id = r.house_id left join registry.buildings b on b.id = h.building_id
                where r.id = ${target.residentId} and ${inRegistryScope(user, 'r')}`
            : sql<PlacedTarget>`select o.grid_l1_id l1, o.grid_l2_id l2, o.grid_l3_id l3, ST_X(o.location) lng,
                ST_Y(o.location) lat, o.address from registry.organisations o
                where o.id = ${target.organisationId ?? 0} and ${inRegistryScope(user, 'o')}`
      return (await query.execute(db)).rows[0]
    },

    /** The visit's id, or null when this worker filed a visit under the same clientId before. */
    async insertVisit(v: NewVisit): Promise<string | null> {
      const point = v.point ? sql`ST_SetSRID(ST_MakePoint(${v.point.lng}, ${v.point.lat}), 4326)` : sql`null`
      const result = await sql<{ id: string }>`
        insert into registry.visits (client_id, worker_id, house_id, resident_id, organisation_id, visited_at, notes,
          problem, incident_id, location, accuracy_m, grid_l1_id, grid_l2_id, grid_l3_id)
        values (${v.clientId}::uuid, ${v.workerId}, ${v.target.houseId ?? null}, ${v.target.residentId ?? null},
          ${v.target.organisationId ?? null}, ${v.visitedAt}, ${v.notes}, ${v.problem}, ${v.incidentId}, ${point},
          ${v.accuracyM}, ${v.chain.l1}, ${v.chain.l2}, ${v.chain.l3})
        on conflict (worker_id, client_id) do nothing
        returning id::text`.execute(db)
      return result.rows[0]?.id ?? null
    },

    async addVisitPhotos(visitId: string, sha256s: readonly string[]): Promise<void> {
      if (sha256s.length === 0) return
      await sql`insert into registry.visit_photos (visit_id, position, photo_sha256)
        select ${visitId}::bigint, p.position - 1, p.sha from unnest(${[...sha256s]}::text[]) with ordinality p(sha, position)`.execute(
        db,
      )
    },
  }
}
