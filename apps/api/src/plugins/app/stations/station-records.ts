import { sql, type Kysely } from 'kysely'
import { stationTypeForLevel } from '@wangge/stations'
import type { Database } from '../../../db/database-schema.ts'
import { AppError, InvalidReferenceError, NotFoundError } from '../../../errors.ts'
import { writeAudit, type Actor } from '../audit/audit-log.ts'

export interface StationInput {
  name: string
  gridId: number
  lng: number
  lat: number
  address: string
  contactName: string
  contactPhone: string
  openingHours: string
  active?: boolean | undefined
}

export class OutsideStationGridError extends AppError {
  constructor(gridCode: string) {
    super(
      422,
      'OUTSIDE_STATION_GRID',
      `站点位置不在所属网格 ${gridCode} 内 / the station's point is not inside its grid`,
      [{ field: 'lng', message: 'outside the grid' }],
    )
  }
}

/** The stored fields of a station, as the audit log records them. */
const RECORD = [
  'id',
  'name',
  'type',
  'grid_id',
  'address',
  'contact_name',
  'contact_phone',
  'opening_hours',
  'active',
] as const

/**
 * Creates or changes a station, each in one transaction with its audit-log row. The type follows from the level of
 * the grid it serves, and its point must lie inside that grid (checked by PostGIS, edges included).
 */
export function createStationRecords(db: Kysely<Database>) {
  async function placement(tx: Kysely<Database>, gridId: number, lng: number, lat: number) {
    const grid = await tx
      .selectFrom('grids')
      .select([
        'id',
        'code',
        'level',
        sql<boolean>`ST_Covers(geom, ST_SetSRID(ST_MakePoint(${lng}::float8, ${lat}::float8), 4326))`.as('covers'),
      ])
      .where('id', '=', gridId)
      .executeTakeFirst()
    if (!grid) throw new InvalidReferenceError('gridId', `网格 ${gridId} 不存在 / no such grid`)
    if (!grid.covers) throw new OutsideStationGridError(grid.code)
    return {
      type: stationTypeForLevel(grid.level),
      location: sql<string>`ST_SetSRID(ST_MakePoint(${lng}::float8, ${lat}::float8), 4326)`,
    }
  }

  return {
    async create(input: StationInput, actor: Actor): Promise<number> {
      return db.transaction().execute(async (tx) => {
        const { type, location } = await placement(tx, input.gridId, input.lng, input.lat)
        const after = await tx
          .insertInto('stations')
          .values({
            name: input.name,
            type,
            grid_id: input.gridId,
            location,
            address: input.address,
            contact_name: input.contactName,
            contact_phone: input.contactPhone,
            opening_hours: input.openingHours,
            active: input.active ?? true,
          })
          .returning(RECORD)
          .executeTakeFirstOrThrow()
        await writeAudit(tx, actor, { action: 'station.create', entity: 'station', entityId: after.id, after })
        return after.id
      })
    },

    async update(id: number, changes: Partial<StationInput>, actor: Actor): Promise<void> {
      await db.transaction().execute(async (tx) => {
        const before = await tx
          .selectFrom('stations')
          .select([...RECORD, sql<number>`ST_X(location)`.as('lng'), sql<number>`ST_Y(location)`.as('lat')])
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst()
        if (!before) throw new NotFoundError('站点 station')
        const moved = changes.gridId !== undefined || changes.lng !== undefined || changes.lat !== undefined
        const place = moved
          ? await placement(tx, changes.gridId ?? before.grid_id, changes.lng ?? before.lng, changes.lat ?? before.lat)
          : null
        const after = await tx
          .updateTable('stations')
          .set({
            name: changes.name ?? before.name,
            address: changes.address ?? before.address,
            contact_name: changes.contactName ?? before.contact_name,
            contact_phone: changes.contactPhone ?? before.contact_phone,
            opening_hours: changes.openingHours ?? before.opening_hours,
            active: changes.active ?? before.active,
            updated_at: new Date(),
            ...(place ? { grid_id: changes.gridId ?? before.grid_id, type: place.type, location: place.location } : {}),
          })
          .where('id', '=', id)
          .returning(RECORD)
          .executeTakeFirstOrThrow()
        await writeAudit(tx, actor, { action: 'station.update', entity: 'station', entityId: id, before, after })
      })
    },
  }
}
