import { sql, type Kysely } from 'kysely'
import type { Database } from '../../../db/database-schema.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'
import { inRegistryScope } from './registry-scope.ts'

type User = Pick<SignedInUser, 'role' | 'grids'>

export interface Place {
  id: number
  inScope: boolean
  l1: number
  l2: number
  l3: number
}

export interface SealedResident {
  name: string
  idCipher: Buffer
  idHash: Buffer
  idMasked: string
  phoneCipher: Buffer | null
  phoneHash: Buffer | null
  phoneMasked: string | null
  sex: string
  birthDate: string
  hukouHere: boolean
  houseId: number
  relation: string
  tags: string[]
  focusCategory: string | null
}

export interface HouseUpsert {
  address: string
  buildingId: number
  unit: number
  floor: number
  number: string
  use: string
  areaM2: number
  occupancy: string
}

export interface OrganisationUpsert {
  existingId: number | null
  name: string
  kind: string
  creditCode: string | null
  address: string
  buildingId: number | null
  houseId: number | null
  contactName: string | null
  phoneCipher: Buffer | null
  phoneHash: Buffer | null
  phoneMasked: string | null
}

/** An upsert's outcome per natural key: written rows come back, a row that was already so does not. */
type Written = Map<string, 'taken' | 'updated'>

/**
 * The imports' SQL: lookups of the rows a sheet names (by address or keyed hash) with whether each is in the
 * importer's scope, and one upsert statement per sheet, which writes only rows that differ — so the same sheet
 * imported twice writes nothing the second time.
 */
export function createRegistryImportSql(db: Kysely<Database>) {
  const placesBy = async (table: 'houses' | 'buildings', user: User, addresses: readonly string[]) => {
    const alias = 'p'
    const rows = await sql<Place & { address: string }>`
      select p.id, p.address, ${inRegistryScope(user, alias)} "inScope", p.grid_l1_id l1, p.grid_l2_id l2, p.grid_l3_id l3
      from ${sql.table(`registry.${table}`)} p where p.address = any(${[...new Set(addresses)]}::text[])`.execute(db)
    return new Map(rows.rows.map((r) => [r.address, r]))
  }
  return {
    housesByAddress: (user: User, addresses: readonly string[]) => placesBy('houses', user, addresses),
    buildingsByAddress: (user: User, addresses: readonly string[]) => placesBy('buildings', user, addresses),

    /** For each known ID-number hash (hex), whether its resident is in the user's scope. */
    async residentsByHash(user: User, hashes: readonly Buffer[]): Promise<Map<string, boolean>> {
      const rows = await sql<{ hash: Buffer; inScope: boolean }>`
        select r.id_number_hmac hash, ${inRegistryScope(user, 'r')} "inScope" from registry.residents r
        where r.id_number_hmac = any(${[...hashes]}::bytea[])`.execute(db)
      return new Map(rows.rows.map((r) => [r.hash.toString('hex'), r.inScope]))
    },

    async upsertResidents(rows: readonly SealedResident[]): Promise<Written> {
      if (rows.length === 0) return new Map()
      const col = <T>(pick: (r: SealedResident) => T) => rows.map(pick)
      const result = await sql<{ hash: Buffer; inserted: boolean }>`
        insert into registry.residents as r (name, id_number_cipher, id_number_hmac, id_number_masked, phone_cipher,
          phone_hmac, phone_masked, sex, birth_date, hukou_here, house_id, relation, tags, focus_category,
          grid_l1_id, grid_l2_id, grid_l3_id)
        select s.name, s.id_cipher, s.id_hash, s.id_masked, s.phone_cipher, s.phone_hash, s.phone_masked, s.sex,
          s.birth_date, s.hukou_here, s.house_id, s.relation,
          case when s.tags = '' then '{}'::text[] else string_to_array(s.tags, ',') end, s.focus_category,
          h.grid_l1_id, h.grid_l2_id, h.grid_l3_id
        from unnest(${col((r) => r.name)}::text[], ${col((r) => r.idCipher)}::bytea[], ${col((r) => r.idHash)}::bytea[],
          ${col((r) => r.idMasked)}::text[], ${col((r) => r.phoneCipher)}::bytea[], ${col((r) => r.phoneHash)}::bytea[],
          ${col((r) => r.phoneMasked)}::text[], ${col((r) => r.sex)}::text[], ${col((r) => r.birthDate)}::date[],
          ${col((r) => r.hukouHere)}::bool[], ${col((r) => r.houseId)}::int[], ${col((r) => r.relation)}::text[],
          ${col((r) => r.tags.join(','))}::text[], ${col((r) => r.focusCategory)}::text[])
          as s(name, id_cipher, id_hash, id_masked, phone_cipher, phone_hash, phone_masked, sex, birth_date,
            hukou_here, house_id, relation, tags, focus_category)
        join registry.houses h on h.id = s.house_id
        on conflict (id_number_hmac) do update set
          name = excluded.name, phone_cipher = excluded.phone_cipher, phone_hmac = excluded.phone_hmac,
          phone_masked = excluded.phone_masked, hukou_here = excluded.hukou_here, house_id = excluded.house_id,
          relation = excluded.relation, tags = excluded.tags, focus_category = excluded.focus_category,
          grid_l1_id = excluded.grid_l1_id, grid_l2_id = excluded.grid_l2_id, grid_l3_id = excluded.grid_l3_id,
          updated_at = now()
        where (r.name, r.phone_hmac, r.hukou_here, r.house_id, r.relation, r.tags, r.focus_category)
          is distinct from (excluded.name, excluded.phone_hmac, excluded.hukou_here, excluded.house_id,
            excluded.relation, excluded.tags, excluded.focus_category)
        returning r.id_number_hmac hash, (xmax = 0) inserted`.execute(db)
      return new Map(result.rows.map((r) => [r.hash.toString('hex'), r.inserted ? 'taken' : 'updated']))
    },

    async upsertHouses(rows: readonly HouseUpsert[]): Promise<Written> {
      if (rows.length === 0) return new Map()
      const col = <T>(pick: (r: HouseUpsert) => T) => rows.map(pick)
      const result = await sql<{ address: string; inserted: boolean }>`
        insert into registry.houses as h (address, building_id, unit, floor, number, use, area_m2, occupancy,
          grid_l1_id, grid_l2_id, grid_l3_id)
        select s.address, s.building_id, s.unit, s.floor, s.number, s.use, s.area_m2, s.occupancy,
          b.grid_l1_id, b.grid_l2_id, b.grid_l3_id
        from unnest(${col((r) => r.address)}::text[], ${col((r) => r.buildingId)}::int[], ${col((r) => r.unit)}::int[],
          ${col((r) => r.floor)}::int[], ${col((r) => r.number)}::text[], ${col((r) => r.use)}::text[],
          ${col((r) => r.areaM2)}::numeric[], ${col((r) => r.occupancy)}::text[])
          as s(address, building_id, unit, floor, number, use, area_m2, occupancy)
        join registry.buildings b on b.id = s.building_id
        on conflict (address) do update set
          building_id = excluded.building_id, unit = excluded.unit, floor = excluded.floor, number = excluded.number,
          use = excluded.use, area_m2 = excluded.area_m2, occupancy = excluded.occupancy,
          grid_l1_id = excluded.grid_l1_id, grid_l2_id = excluded.grid_l2_id, grid_l3_id = excluded.grid_l3_id,
          updated_at = now()
        where (h.building_id, h.unit, h.floor, h.number, h.use, h.area_m2, h.occupancy)
          is distinct from (excluded.building_id, excluded.unit, excluded.floor, excluded.number, excluded.use,
            excluded.area_m2, excluded.occupancy)
        returning h.address, (xmax = 0) inserted`.execute(db)
      return new Map(result.rows.map((r) => [r.address, r.inserted ? 'taken' : 'updated']))
    },

    /** Organisations already registered under these credit codes or names at these addresses (the natural keys). */
    async organisationsByKey(keys: readonly { creditCode: string | null; name: string; address: string }[]) {
      const rows = await sql<{
        id: number
        credit_code: string | null
        name: string
        address: string
        inScope: boolean
      }>`
        select o.id, o.credit_code, o.name, o.address, true "inScope" from registry.organisations o
        where o.credit_code = any(${keys.flatMap((k) => (k.creditCode ? [k.creditCode] : []))}::text[])
           or (o.name, o.address) in (select * from unnest(${keys.map((k) => k.name)}::text[], ${keys.map((k) => k.address)}::text[]))`.execute(
        db,
      )
      return rows.rows
    },

    /** Organisation rows: new ones inserted, known ones updated where they differ; one statement each. */
    async upsertOrganisations(rows: readonly OrganisationUpsert[]): Promise<Map<number, 'taken' | 'updated'>> {
      const outcome = new Map<number, 'taken' | 'updated'>()
      if (rows.length === 0) return outcome
      const col = <T>(pick: (r: OrganisationUpsert) => T) => rows.map(pick)
      const result = await sql<{ k: number; inserted: boolean }>`
        with s as (
          select * from unnest(${col((r) => r.existingId)}::int[], ${col((r) => r.name)}::text[],
            ${col((r) => r.kind)}::text[], ${col((r) => r.creditCode)}::text[], ${col((r) => r.address)}::text[],
            ${col((r) => r.buildingId)}::int[], ${col((r) => r.houseId)}::int[], ${col((r) => r.contactName)}::text[],
            ${col((r) => r.phoneCipher)}::bytea[], ${col((r) => r.phoneHash)}::bytea[], ${col((r) => r.phoneMasked)}::text[])
            with ordinality as s(existing_id, name, kind, credit_code, address, building_id, house_id, contact_name,
              phone_cipher, phone_hash, phone_masked, k)
        ), placed as (
          select s.*, coalesce(hb.location, b.location) location, coalesce(h.grid_l1_id, b.grid_l1_id) l1,
            coalesce(h.grid_l2_id, b.grid_l2_id) l2, coalesce(h.grid_l3_id, b.grid_l3_id) l3
          from s left join registry.houses h on h.id = s.house_id left join registry.buildings hb on hb.id = h.building_id
          left join registry.buildings b on b.id = s.building_id
        ), updated as (
          update registry.organisations o set name = p.name, kind = p.kind, credit_code = p.credit_code,
            address = p.address, location = p.location, contact_name = p.contact_name,
            contact_phone_cipher = p.phone_cipher, contact_phone_hmac = p.phone_hash,
            contact_phone_masked = p.phone_masked, building_id = coalesce(p.building_id, o.building_id),
            house_id = p.house_id, grid_l1_id = p.l1, grid_l2_id = p.l2, grid_l3_id = p.l3, updated_at = now()
          from placed p
          where o.id = p.existing_id and (o.name, o.kind, o.credit_code, o.address, o.contact_name, o.contact_phone_hmac)
            is distinct from (p.name, p.kind, p.credit_code, p.address, p.contact_name, p.phone_hash)
          returning p.k
        ), inserted as (
          insert into registry.organisations (name, kind, credit_code, address, location, contact_name,
            contact_phone_cipher, contact_phone_hmac, contact_phone_masked, building_id, house_id,
            grid_l1_id, grid_l2_id, grid_l3_id)
          select p.name, p.kind, p.credit_code, p.address, p.location, p.contact_name, p.phone_cipher, p.phone_hash,
            p.phone_masked, coalesce(p.building_id, (select building_id from registry.houses where id = p.house_id)),
            p.house_id, p.l1, p.l2, p.l3
          from placed p where p.existing_id is null
          returning id
        )
        -- A data-modifying CTE runs to completion whether or not the main query reads it.
        select k::int, false inserted from updated`.execute(db)
      for (const r of result.rows) if (!r.inserted) outcome.set(r.k - 1, 'updated')
      rows.forEach((r, i) => {
        if (r.existingId === null) outcome.set(i, 'taken')
      })
      return outcome
    },
  }
}
