import { sql, type Kysely } from 'kysely'
import { maskIdNumber, maskPhone } from '@wangge/accounts'
import type { Database } from '../db/database-schema.ts'
import type { RegistryCipher } from '../plugins/app/registry/registry-cipher.ts'
import { COMMERCIAL_BUILDINGS, generatePopulation } from './registry-population.ts'
import { seedOrganisations } from './registry-organisations.ts'
import { withKeysAndIndexesLifted } from './bulk-fill.ts'

export interface RegistrySeedReport {
  buildings: number
  houses: number
  residents: number
  organisations: number
}

/** The tables the seed fills, whose foreign keys and secondary indexes are lifted around the fill. */
const FILLED = [
  'registry.buildings',
  'registry.houses',
  'registry.residents',
  'registry.organisations',
  'registry.organisation_members',
  'registry.visits',
] as const

/**
 * The registry's synthetic street, in bulk: one statement per table (buildings and houses generated in SQL from the
 * grids, residents generated and sealed in Node then sent as arrays through unnest), with the tables' foreign keys
 * and secondary indexes put back only once they are full (bulk-fill.ts), so that it adds seconds, not minutes, to
 * an embedded first start. Kept when there are buildings already.
 */
export async function seedRegistry(db: Kysely<Database>, cipher: RegistryCipher): Promise<RegistrySeedReport | 'kept'> {
  const existing = await sql`select 1 from registry.buildings limit 1`.execute(db)
  if (existing.rows.length > 0) return 'kept'
  return db.transaction().execute((tx) =>
    withKeysAndIndexesLifted(tx, FILLED, async () => {
      const buildings = await seedBuildings(tx)
      const houses = await seedHouses(tx)
      const residents = await seedResidents(tx, cipher)
      const organisations = await seedOrganisations(tx, cipher)
      await seedVisits(tx)
      return { buildings, houses, residents, organisations }
    }),
  )
}

/**
 * One residential building in every unit grid (1–3 units of 3–5 floors, a point GEOS draws inside the grid from a
 * fixed seed), and the commercial buildings in five grids spread over the street.
 */
async function seedBuildings(db: Kysely<Database>): Promise<number> {
  const result = await sql`
    with unit_grids as (
      select g3.id l3, g2.id l2, g2.parent_id l1, g3.name, g3.geom, row_number() over (order by g3.code) n
      from grids g3 join grids g2 on g2.id = g3.parent_id where g3.level = 3
    ), commercial as (
      select name, ordinality::int k from unnest(${[...COMMERCIAL_BUILDINGS]}::text[]) with ordinality name
    )
    insert into registry.buildings (name, address, use, floors, units, location, grid_l1_id, grid_l2_id, grid_l3_id)
    select '1号楼', '大虞街道' || name || '1号楼', 'residential', 3 + abs(hashint4(l3 * 7 + 1)) % 3,
      1 + abs(hashint4(l3 * 7 + 2)) % 3, ST_GeometryN(ST_GeneratePoints(geom, 1, l3), 1), l1, l2, l3
    from unit_grids
    union all
    select c.name, '大虞街道' || g.name || c.name, 'commercial', 20 + c.k * 3, 2,
      ST_GeometryN(ST_GeneratePoints(g.geom, 1, 1000 + g.l3), 1), g.l1, g.l2, g.l3
    from commercial c join unit_grids g on g.n = 60 + (c.k - 1) * 280`.execute(db)
  return Number(result.numAffectedRows ?? 0)
}

/** Houses of the residential buildings, one per unit and floor; about 8 % vacant and a fifth rented. */
async function seedHouses(db: Kysely<Database>): Promise<number> {
  const result = await sql`
    insert into registry.houses (building_id, unit, floor, number, address, use, area_m2, occupancy,
      grid_l1_id, grid_l2_id, grid_l3_id)
    select b.id, u, f, f || '01', b.address || u || '单元' || f || '01室', 'residential',
      60 + abs(hashint4(b.id * 100 + u * 10 + f)) % 80,
      case when abs(hashint4(b.id * 100 + u * 10 + f + 1)) % 100 < 8 then 'vacant'
           when abs(hashint4(b.id * 100 + u * 10 + f + 1)) % 100 < 30 then 'rented' else 'owner_occupied' end,
      b.grid_l1_id, b.grid_l2_id, b.grid_l3_id
    from registry.buildings b, generate_series(1, b.units) u, generate_series(1, b.floors) f
    where b.use = 'residential'
    order by b.id, u, f`.execute(db)
  return Number(result.numAffectedRows ?? 0)
}

/** The people of every occupied house, sealed in Node and written in one statement. */
async function seedResidents(db: Kysely<Database>, cipher: RegistryCipher): Promise<number> {
  const houses = await sql<{ id: number }>`
    select id from registry.houses where occupancy <> 'vacant' order by id`.execute(db)
  const people = generatePopulation(houses.rows.map((h) => h.id))
  const result = await sql`
    insert into registry.residents (house_id, name, id_number_cipher, id_number_hmac, id_number_masked,
      phone_cipher, phone_hmac, phone_masked, sex, birth_date, hukou_here, relation, tags, focus_category,
      grid_l1_id, grid_l2_id, grid_l3_id)
    select p.house_id, p.name, p.id_cipher, p.id_hmac, p.id_masked, p.phone_cipher, p.phone_hmac, p.phone_masked,
      p.sex, p.birth_date, p.hukou_here, p.relation,
      case when p.tags = '' then '{}'::text[] else string_to_array(p.tags, ',') end, p.focus_category,
      h.grid_l1_id, h.grid_l2_id, h.grid_l3_id
    from unnest(${people.map((p) => p.houseId)}::int[], ${people.map((p) => p.name)}::text[],
      ${people.map((p) => cipher.seal(p.idNumber))}::bytea[], ${people.map((p) => cipher.lookupHash(p.idNumber))}::bytea[],
      ${people.map((p) => maskIdNumber(p.idNumber))}::text[],
      ${people.map((p) => (p.phone ? cipher.seal(p.phone) : null))}::bytea[],
      ${people.map((p) => (p.phone ? cipher.lookupHash(p.phone) : null))}::bytea[],
      ${people.map((p) => (p.phone ? maskPhone(p.phone) : null))}::text[],
      ${people.map((p) => p.sex)}::text[], ${people.map((p) => p.birthDate)}::date[],
      ${people.map((p) => p.hukouHere)}::bool[], ${people.map((p) => p.relation)}::text[],
      ${people.map((p) => p.tags.join(','))}::text[], ${people.map((p) => p.focusCategory)}::text[])
      as p(house_id, name, id_cipher, id_hmac, id_masked, phone_cipher, phone_hmac, phone_masked, sex, birth_date,
        hukou_here, relation, tags, focus_category)
    join registry.houses h on h.id = p.house_id`.execute(db)
  return Number(result.numAffectedRows ?? 0)
}

/**
 * This quarter's visits so far: each unit grid's worker has visited about a third of its houses, on days spread
 * from the quarter's start to today, so that coverage reads as a quarter under way. A grid's worker is its first
 * worker by id, found for all grids at once (a lookup per house scanned the users once per house: 10 s embedded).
 */
async function seedVisits(db: Kysely<Database>): Promise<void> {
  await sql`
    with quarter as (select date_trunc('quarter', now() at time zone 'Asia/Shanghai') at time zone 'Asia/Shanghai' q0),
    grid_worker as (
      select distinct on (ug.grid_id) ug.grid_id, ug.user_id
      from user_grids ug join users u on u.id = ug.user_id
      where u.role = 'worker' order by ug.grid_id, ug.user_id
    )
    insert into registry.visits (client_id, worker_id, house_id, visited_at, notes, location, grid_l1_id, grid_l2_id,
      grid_l3_id)
    select md5('seed-visit-' || h.id)::uuid, w.user_id, h.id,
      q0 + (now() - q0) * ((abs(hashint4(h.id * 3)) % 1000) / 1000.0),
      (array['入户走访，家庭情况无变化', '核实人口信息，已更新联系方式', '宣传反诈知识，发放资料', '了解老人身体状况，无异常'])[1 + abs(hashint4(h.id * 5)) % 4],
      b.location, h.grid_l1_id, h.grid_l2_id, h.grid_l3_id
    from registry.houses h
    join registry.buildings b on b.id = h.building_id
    cross join quarter
    join grid_worker w on w.grid_id = h.grid_l3_id
    where abs(hashint4(h.id * 11)) % 100 < 35
    order by h.id`.execute(db)
}
