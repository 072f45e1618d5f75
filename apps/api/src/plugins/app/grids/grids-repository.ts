import fp from 'fastify-plugin'
// The `kysely` decorator's type comes with the database plugin this one depends on.
import type {} from '../../external/database.ts'
import { sql, type Kysely } from 'kysely'
import type { GridLevel, GridFeatureCollection } from '@wangge/grid'
import type { Database } from '../../../db/database-schema.ts'
import type pg from 'pg'
import { asGeoJson, envelope, type BBox } from '../../../db/postgis.ts'
import { preparedStatement } from '../../../db/prepared-statement.ts'
import { shapesLayer } from './grid-shapes.ts'
import { CHAIN_AT_SQL } from './chain-at.ts'
import { gridIdsWithinScope, type GridScope } from '../accounts/grid-scope.ts'

export interface GridRef {
  id: number
  code: string
  level: GridLevel
  name: string
}

export interface GridDetail extends GridRef {
  parentId: number | null
  areaM2: number
  childrenCount: number
  /** Ancestors from level 1 down to and including the grid itself. */
  chain: GridRef[]
}

export interface GridLayerQuery {
  level: GridLevel
  parentId?: number | undefined
  bbox?: BBox | undefined
  zoom?: number | undefined
}

/** Digits that let a WGS-84 coordinate survive a text round trip exactly (export ∘ import is the identity). */
const EXACT_DIGITS = 15

/** Kysely for most queries; the pool itself for the prepared hot path (point → chain). */
export function createGridsRepository(db: Kysely<Database>, pool: pg.Pool, { namedStatements = true } = {}) {
  // Every map click and worker position asks this (a report asks inside its own statement); see
  // prepared-statement.ts for why it is prepared.
  const chainAtStatement = preparedStatement<{ chain: [GridRef, GridRef, GridRef] }>(
    pool,
    'grids_chain_at',
    CHAIN_AT_SQL,
    { named: namedStatements },
  )
  return {
    /**
     * The grid layer for a viewport as GeoJSON text, built inside PostgreSQL so geometries are never parsed and
     * re-serialised in Node. With a zoom it comes from the pre-simplified shapes; without, at full detail.
     */
    async layer({ level, parentId, bbox, zoom }: GridLayerQuery): Promise<string> {
      if (zoom !== undefined) return shapesLayer(db, { level, zoom, parentId, bbox })
      const rows = db
        .selectFrom('grids as g')
        .select((eb) => [
          sql<string>`json_build_object(
            'type', 'Feature',
            'id', g.id,
            'properties', json_build_object('id', g.id, 'code', g.code, 'level', g.level, 'name', g.name, 'parentId', g.parent_id),
            'geometry', ${asGeoJson(eb.ref('g.geom'), 7)}::json
          )`.as('feature'),
        ])
        .where('g.level', '=', level)
        .$if(parentId !== undefined, (q) => q.where('g.parent_id', '=', parentId!))
        .$if(bbox !== undefined, (q) => q.where(sql<boolean>`g.geom && ${envelope(bbox!)}`))
        .orderBy('g.code')
      const {
        rows: [result],
      } = await sql<{ collection: string }>`
        select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(l.feature), '[]'::json))::text as collection
        from (${rows}) l`.execute(db)
      return result!.collection
    },

    async findById(id: number): Promise<GridDetail | undefined> {
      const grid = await db
        .selectFrom('grids')
        .select(['id', 'code', 'level', 'name', 'parent_id', 'area_m2'])
        .select((eb) =>
          eb
            .selectFrom('grids as c')
            .whereRef('c.parent_id', '=', 'grids.id')
            .select(eb.fn.countAll<string>().as('n'))
            .as('children'),
        )
        .where('id', '=', id)
        .executeTakeFirst()
      if (!grid) return undefined
      const { rows: chain } = await sql<GridRef>`
        with recursive up as (
          select id, code, level, name, parent_id from grids where id = ${id}
          union all
          select g.id, g.code, g.level, g.name, g.parent_id from grids g join up on g.id = up.parent_id
        )
        select id, code, level, name from up order by level`.execute(db)
      return {
        id: grid.id,
        code: grid.code,
        level: grid.level,
        name: grid.name,
        parentId: grid.parent_id,
        areaM2: grid.area_m2,
        childrenCount: Number(grid.children ?? 0),
        chain,
      }
    },

    /** The level-1, level-2 and level-3 grids holding a point; a point on a shared edge goes to the lowest code. */
    async chainAt(lng: number, lat: number): Promise<[GridRef, GridRef, GridRef] | undefined> {
      const [row] = await chainAtStatement([lng, lat])
      return row?.chain
    },

    /** The whole tree in the interchange format, level by level and by code, geometry exact. */
    async exportTree(): Promise<GridFeatureCollection> {
      const rows = await db
        .selectFrom('grids as g')
        .leftJoin('grids as p', 'p.id', 'g.parent_id')
        .select((eb) => [
          'g.level',
          'g.code',
          'g.name',
          'p.code as parentCode',
          asGeoJson(eb.ref('g.geom'), EXACT_DIGITS).as('geometry'),
        ])
        .orderBy('g.level')
        .orderBy('g.code')
        .execute()
      return {
        type: 'FeatureCollection',
        features: rows.map((r) => ({
          type: 'Feature' as const,
          properties: { level: r.level, code: r.code, name: r.name, parentCode: r.parentCode },
          geometry: JSON.parse(r.geometry) as GridFeatureCollection['features'][number]['geometry'],
        })),
      }
    },

    /** Every grid id (all levels) inside a user's scope, for the map to highlight. */
    idsWithinScope(scope: GridScope): Promise<number[]> {
      return gridIdsWithinScope(db, scope)
    },

    async countByLevel(): Promise<Record<GridLevel, number>> {
      const rows = await db
        .selectFrom('grids')
        .select(['level', (eb) => eb.fn.countAll<string>().as('n')])
        .groupBy('level')
        .execute()
      const counts: Record<GridLevel, number> = { 1: 0, 2: 0, 3: 0 }
      for (const r of rows) counts[r.level] = Number(r.n)
      return counts
    },

    /** The street's extent and a point inside it, for the map's first view. */
    async extent(): Promise<{ bounds: BBox; center: [number, number] } | undefined> {
      const {
        rows: [row],
      } = await sql<{ minx: number | null; miny: number; maxx: number; maxy: number; cx: number; cy: number }>`
        select ST_XMin(e) minx, ST_YMin(e) miny, ST_XMax(e) maxx, ST_YMax(e) maxy, ST_X(c) cx, ST_Y(c) cy
        from (select ST_Extent(geom)::geometry e, ST_PointOnSurface(ST_Collect(geom)) c from grids where level = 1) x`.execute(
        db,
      )
      if (!row || row.minx === null) return undefined
      return { bounds: [row.minx, row.miny, row.maxx, row.maxy], center: [row.cx, row.cy] }
    },
  }
}

export type GridsRepository = ReturnType<typeof createGridsRepository>

declare module 'fastify' {
  interface FastifyInstance {
    gridsRepository: GridsRepository
  }
}

export default fp(
  (fastify) => {
    fastify.decorate(
      'gridsRepository',
      createGridsRepository(fastify.kysely, fastify.pg.pool, { namedStatements: fastify.namedStatements }),
    )
  },
  { name: 'grids-repository', dependencies: ['database'] },
)
