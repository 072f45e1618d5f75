import { maskIdNumber, maskPhone } from '@wangge/accounts'
import type { ImportReport, Register } from '@wangge/contract'
import type { Actor } from '../audit/audit-log.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'
import type { RegistryCipher } from './registry-cipher.ts'
import type { OrganisationUpsert, SealedResident } from './registry-import-sql.ts'
import type { RegistryRepository } from './registry-repository.ts'
import {
  houseRow,
  organisationRow,
  readSheet,
  residentRow,
  RowRefusal,
  SHEET_COLUMNS,
  type HouseSheetRow,
  type OrganisationSheetRow,
  type ResidentSheetRow,
} from './registry-sheets.ts'

type Outcome = ImportReport['rows'][number]
type Queries = Parameters<Parameters<RegistryRepository['transaction']>[0]>[0]

/**
 * A register's sheet imported row by row: each row is checked as the forms check it and either written (taken or
 * updated, by its natural key), left as it was (unchanged), or refused with the column and the reason; the good
 * rows are written in one statement, in one transaction with the import's audit row. The same sheet twice writes
 * nothing the second time: every row comes back unchanged.
 */
export async function importSheet(
  repository: RegistryRepository,
  cipher: RegistryCipher,
  user: SignedInUser,
  register: Register,
  bytes: Buffer,
  actor: Actor,
): Promise<ImportReport> {
  const sheet = await readSheet(register, bytes)
  const outcomes = new Map<number, Outcome>()
  const refuse = (row: number, column: string | null, reason: string) =>
    outcomes.set(row, { row, outcome: 'refused', column, reason })
  const parsed = <T>(parse: (cells: string[]) => T) =>
    sheet.flatMap(({ row, cells }) => {
      try {
        return [{ row, value: parse(cells) }]
      } catch (error) {
        if (!(error instanceof RowRefusal)) throw error
        refuse(row, error.column, error.reason)
        return []
      }
    })
  /** The first row of each natural key goes on; a later one in the same sheet is refused, naming the first. */
  const firstOfKey = <T>(rows: { row: number; value: T }[], keyOf: (v: T) => string, column: string) => {
    const seen = new Map<string, number>()
    return rows.filter(({ row, value }) => {
      const first = seen.get(keyOf(value))
      if (first !== undefined) refuse(row, column, `与第 ${first} 行重复`)
      else seen.set(keyOf(value), row)
      return first === undefined
    })
  }

  await repository.transaction(async (tx) => {
    const written =
      register === 'residents'
        ? await importResidents(
            tx,
            cipher,
            user,
            firstOfKey(parsed(residentRow), (r) => r.idNumber, SHEET_COLUMNS.residents[1]!),
            refuse,
          )
        : register === 'houses'
          ? await importHouses(
              tx,
              user,
              firstOfKey(parsed(houseRow), (r) => r.address, SHEET_COLUMNS.houses[0]!),
              refuse,
            )
          : await importOrganisations(
              tx,
              cipher,
              user,
              firstOfKey(
                parsed(organisationRow),
                (r) => r.creditCode ?? `${r.name}\u0000${r.address}`,
                SHEET_COLUMNS.organisations[0]!,
              ),
              refuse,
            )
    for (const [row, outcome] of written) outcomes.set(row, { row, outcome, column: null, reason: null })
    for (const { row } of sheet)
      if (!outcomes.has(row)) outcomes.set(row, { row, outcome: 'unchanged', column: null, reason: null })
    const rows = [...outcomes.values()].sort((a, b) => a.row - b.row)
    const count = (o: Outcome['outcome']) => rows.filter((r) => r.outcome === o).length
    await tx.audit(actor, {
      action: 'registry.import',
      entity: register,
      entityId: null,
      after: {
        taken: count('taken'),
        updated: count('updated'),
        unchanged: count('unchanged'),
        refused: count('refused'),
      },
    })
  })
  const rows = [...outcomes.values()].sort((a, b) => a.row - b.row)
  const count = (o: Outcome['outcome']) => rows.filter((r) => r.outcome === o).length
  return {
    register,
    taken: count('taken'),
    updated: count('updated'),
    unchanged: count('unchanged'),
    refused: count('refused'),
    rows,
  }
}

type Refuse = (row: number, column: string | null, reason: string) => void
const OUT_OF_REACH = '不存在或不在您负责的网格内'

async function importResidents(
  tx: Queries,
  cipher: RegistryCipher,
  user: SignedInUser,
  rows: { row: number; value: ResidentSheetRow }[],
  refuse: Refuse,
): Promise<Map<number, 'taken' | 'updated'>> {
  const c = SHEET_COLUMNS.residents
  const houses = await tx.housesByAddress(
    user,
    rows.map((r) => r.value.houseAddress),
  )
  const hashes = rows.map((r) => cipher.lookupHash(r.value.idNumber))
  const known = await tx.residentsByHash(user, hashes)
  const accepted: { row: number; hash: string; sealed: SealedResident }[] = []
  rows.forEach(({ row, value }, i) => {
    const house = houses.get(value.houseAddress)
    if (!house?.inScope) return refuse(row, c[4]!, `房屋${OUT_OF_REACH}`)
    const hash = hashes[i]!
    if (known.get(hash.toString('hex')) === false) return refuse(row, c[1]!, `此人已登记在您负责的网格之外`)
    accepted.push({
      row,
      hash: hash.toString('hex'),
      sealed: {
        name: value.name,
        idCipher: cipher.seal(value.idNumber),
        idHash: hash,
        idMasked: maskIdNumber(value.idNumber),
        phoneCipher: value.phone ? cipher.seal(value.phone) : null,
        phoneHash: value.phone ? cipher.lookupHash(value.phone) : null,
        phoneMasked: value.phone ? maskPhone(value.phone) : null,
        sex: value.sex,
        birthDate: value.birthDate,
        hukouHere: value.hukouHere,
        houseId: house.id,
        relation: value.relation,
        tags: value.tags,
        focusCategory: value.focusCategory,
      },
    })
  })
  const written = await tx.upsertResidents(accepted.map((a) => a.sealed))
  return new Map(accepted.flatMap((a) => (written.has(a.hash) ? [[a.row, written.get(a.hash)!] as const] : [])))
}

async function importHouses(
  tx: Queries,
  user: SignedInUser,
  rows: { row: number; value: HouseSheetRow }[],
  refuse: Refuse,
): Promise<Map<number, 'taken' | 'updated'>> {
  const c = SHEET_COLUMNS.houses
  const buildings = await tx.buildingsByAddress(
    user,
    rows.map((r) => r.value.buildingAddress),
  )
  const existing = await tx.housesByAddress(
    user,
    rows.map((r) => r.value.address),
  )
  const accepted = rows.flatMap(({ row, value }) => {
    const building = buildings.get(value.buildingAddress)
    if (!building?.inScope) return (refuse(row, c[1]!, `楼栋${OUT_OF_REACH}`), [])
    if (existing.get(value.address)?.inScope === false)
      return (refuse(row, c[0]!, `此房屋已登记在您负责的网格之外`), [])
    return [{ row, house: { ...value, buildingId: building.id } }]
  })
  const written = await tx.upsertHouses(accepted.map((a) => a.house))
  return new Map(
    accepted.flatMap((a) => (written.has(a.house.address) ? [[a.row, written.get(a.house.address)!] as const] : [])),
  )
}

async function importOrganisations(
  tx: Queries,
  cipher: RegistryCipher,
  user: SignedInUser,
  rows: { row: number; value: OrganisationSheetRow }[],
  refuse: Refuse,
): Promise<Map<number, 'taken' | 'updated'>> {
  const c = SHEET_COLUMNS.organisations
  const addresses = rows.map((r) => r.value.address)
  const [buildings, houses, known] = await Promise.all([
    tx.buildingsByAddress(user, addresses),
    tx.housesByAddress(user, addresses),
    tx.organisationsByKey(rows.map((r) => r.value)),
  ])
  const accepted: { row: number; upsert: OrganisationUpsert }[] = []
  for (const { row, value } of rows) {
    const building = buildings.get(value.address)
    const house = houses.get(value.address)
    const place = house ?? building
    if (!place?.inScope) {
      refuse(row, c[3]!, `地址须为已登记的楼栋或房屋，且在您负责的网格内`)
      continue
    }
    const existing = known.find((k) =>
      value.creditCode ? k.credit_code === value.creditCode : k.name === value.name && k.address === value.address,
    )
    accepted.push({
      row,
      upsert: {
        existingId: existing?.id ?? null,
        name: value.name,
        kind: value.kind,
        creditCode: value.creditCode,
        address: value.address,
        buildingId: house ? null : building!.id,
        houseId: house?.id ?? null,
        contactName: value.contactName,
        phoneCipher: value.contactPhone ? cipher.seal(value.contactPhone) : null,
        phoneHash: value.contactPhone ? cipher.lookupHash(value.contactPhone) : null,
        phoneMasked: value.contactPhone ? maskPhone(value.contactPhone) : null,
      },
    })
  }
  const written = await tx.upsertOrganisations(accepted.map((a) => a.upsert))
  return new Map(accepted.flatMap((a, i) => (written.has(i) ? [[a.row, written.get(i)!] as const] : [])))
}
