import fp from 'fastify-plugin'
import type {} from '../../external/database.ts'
import { sql, type Kysely } from 'kysely'
import { LRUCache } from 'lru-cache'
import type { Database } from '../../../db/database-schema.ts'
import { GRID_TILE_LAYER, geoJsonForTile, mvtFromPostgis, postgisEncodesMvt } from './grid-tile-sql.ts'
import { cutTile } from './node-tile-cutter.ts'
import type { TileAddress } from './tile-address.ts'

export interface GridTile {
  /** The grid tree version the tile was cut from (migration 0070): the tile's ETag. */
  version: string
  /** MVT bytes; empty where no grid of the zoom's level touches the tile. */
  body: Buffer
}

/**
 * Tiles kept in memory, keyed by (tree version, z, x, y). A street's tiles weigh a few KB each; 64 MB holds every
 * tile of a 100,000-cell city at the zooms people use most. An import raises the version (a trigger on grids), so the
 * next request asks for new keys and the old ones age out: nothing is ever served from a replaced tree. The version
 * is read from the database on each request (one primary-key row), so several API instances agree without
 * sharing the cache itself.
 */
const CACHE_BYTES = 64 * 1024 * 1024

export function createGridTilesService(db: Kysely<Database>) {
  const cache = new LRUCache<string, Buffer>({
    maxSize: CACHE_BYTES,
    sizeCalculation: (body) => Math.max(1, body.length),
  })
  // Which encoder works is a property of the PostGIS build; asked on the first tile and kept (unless the question
  // itself failed, e.g. the database was away).
  let encodesMvt: Promise<boolean> | null = null
  const postgisCanEncode = () => {
    encodesMvt ??= postgisEncodesMvt(db).catch((error: unknown) => {
      encodesMvt = null
      throw error
    })
    return encodesMvt
  }

  async function cut(tile: TileAddress): Promise<Buffer> {
    if (await postgisCanEncode()) return mvtFromPostgis(db, tile)
    const collection = JSON.parse(await geoJsonForTile(db, tile)) as Parameters<typeof cutTile>[0]
    return cutTile(collection, tile, GRID_TILE_LAYER)
  }

  return {
    async treeVersion(): Promise<string> {
      const { rows } = await sql<{ version: string }>`select version::text from grid_tree_version`.execute(db)
      return rows[0]?.version ?? '0'
    },

    async tile(tile: TileAddress): Promise<GridTile> {
      const version = await this.treeVersion()
      const key = `${version}/${tile.z}/${tile.x}/${tile.y}`
      let body = cache.get(key)
      if (!body) {
        body = await cut(tile)
        cache.set(key, body)
      }
      return { version, body }
    },

    /** Which path cuts the tiles here, for the start-up log and the tests. */
    encoder: async (): Promise<'postgis' | 'node'> => ((await postgisCanEncode()) ? 'postgis' : 'node'),
  }
}

export type GridTilesService = ReturnType<typeof createGridTilesService>

declare module 'fastify' {
  interface FastifyInstance {
    gridTilesService: GridTilesService
  }
}

export default fp(
  (fastify) => {
    const service = createGridTilesService(fastify.kysely)
    fastify.decorate('gridTilesService', service)
    // Asked once at start, so the log says which path cuts tiles; a database away at start is asked again later.
    fastify.addHook('onReady', async () => {
      try {
        fastify.log.info({ encoder: await service.encoder() }, 'grid tiles: encoder chosen')
      } catch {
        fastify.log.warn('grid tiles: encoder not chosen yet (database unavailable); asked again on the first tile')
      }
    })
  },
  { name: 'grid-tiles-service', dependencies: ['database'] },
)
