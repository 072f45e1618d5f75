import pg from 'pg'
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@wangge/seed'
// The bench has no spreadsheet or accounts dependency of its own: it builds sheets as the API reads them.
import { idNumberCheckCharacter } from '../packages/accounts/src/id-number.ts'
import { filledTemplate } from '../apps/api/src/plugins/app/registry/registry-sheets.ts'
import { report, summarize } from './stats.ts'

const RESIDENTS = 100_000
const SAMPLES = Number(process.env.REGISTRY_BENCH_SAMPLES ?? 300)
const IMPORT_ROWS = 10_000

async function signIn(url: string, role: 'manager' | 'worker'): Promise<string> {
  const phone = DEMO_ACCOUNTS.find((a) => a.role === role)!.phone
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone, password: DEMO_PASSWORD }),
  })
  if (!res.ok) throw new Error(`sign-in of ${phone} failed: ${res.status}`)
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .filter((c) => /^wangge\.sid=./.test(c))
    .at(-1)!
}

/**
 * The seeded street has about 30,000 residents; the budget is for 100,000. The rest are copies of seeded people in
 * the same houses under bench-only keyed hashes (their sealed numbers are the originals': nothing here opens them).
 */
async function fillTo100k(db: pg.Client): Promise<number> {
  const { rows } = await db.query<{ n: number }>('select count(*)::int n from registry.residents')
  const missing = RESIDENTS - rows[0]!.n
  if (missing > 0) {
    await db.query(
      `insert into registry.residents (name, id_number_cipher, id_number_hmac, id_number_masked, phone_cipher, phone_hmac,
         phone_masked, sex, birth_date, hukou_here, house_id, relation, tags, focus_category, grid_l1_id, grid_l2_id, grid_l3_id)
       select r.name, r.id_number_cipher, sha256(('bench-' || n)::bytea), r.id_number_masked, r.phone_cipher,
         case when r.phone_hmac is null then null else sha256(('bench-phone-' || n)::bytea) end, r.phone_masked, r.sex,
         r.birth_date, r.hukou_here, r.house_id, 'other', r.tags, r.focus_category, r.grid_l1_id, r.grid_l2_id, r.grid_l3_id
       from generate_series(1, $1::int) n
       join registry.residents r on r.id = 1 + (n * 7919) % (select max(id) from registry.residents where relation <> 'other')`,
      [missing],
    )
    await db.query('analyze registry.residents')
  }
  return (await db.query<{ n: number }>('select count(*)::int n from registry.residents')).rows[0]!.n
}

async function timed(url: string, cookie: string, paths: string[]): Promise<number[]> {
  const samples: number[] = []
  for (const path of paths) {
    const started = performance.now()
    const res = await fetch(`${url}${path}`, { headers: { cookie } })
    await res.arrayBuffer()
    if (!res.ok) throw new Error(`${path}: ${res.status}`)
    samples.push(performance.now() - started)
  }
  return samples
}

function idNumber(i: number): string {
  // Born 1905–1925, before any seeded person: these numbers cannot collide with the seed's.
  const year = 1905 + (i % 20)
  const day = 1 + (Math.floor(i / 20) % 28)
  const month = 1 + (Math.floor(i / 560) % 12)
  const sequence = 100 + Math.floor(i / 6720)
  const first17 = `370799${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${String(sequence).padStart(3, '0')}`
  return first17 + idNumberCheckCharacter(first17)
}

async function importSheet(db: pg.Client): Promise<Buffer> {
  const { rows } = await db.query<{ address: string }>('select address from registry.houses order by id limit 2000')
  const sheet: string[][] = []
  for (let i = 0; i < IMPORT_ROWS; i++)
    sheet.push([
      `导入基准${i}`,
      idNumber(i),
      `1980${String(i).padStart(7, '0')}`,
      '是',
      rows[i % rows.length]!.address,
      '其他',
      i % 10 === 0 ? '低保' : '',
      '',
    ])
  return filledTemplate('residents', sheet)
}

async function upload(
  url: string,
  cookie: string,
  bytes: Buffer,
): Promise<{ ms: number; body: Record<string, number> }> {
  const form = new FormData()
  form.set('file', new Blob([new Uint8Array(bytes)]), 'residents.xlsx')
  const started = performance.now()
  const res = await fetch(`${url}/api/registry/import/residents`, {
    method: 'POST',
    body: form,
    headers: { cookie, origin: url },
  })
  const body = (await res.json()) as Record<string, number>
  if (!res.ok) throw new Error(`import: ${res.status} ${JSON.stringify(body)}`)
  return { ms: performance.now() - started, body }
}

/** Registry search and a grid's page at 100,000 residents, and a 10,000-row import (DESIGN.md, issue 18). */
export async function benchRegistry(databaseUrl: string, url: string): Promise<boolean[]> {
  const db = new pg.Client({ connectionString: databaseUrl })
  await db.connect()
  try {
    const residents = await fillTo100k(db)
    const manager = await signIn(url, 'manager')
    const worker = await signIn(url, 'worker')
    const names = (
      await db.query<{ q: string }>(
        `select left(name, 1 + (id % 2)) q from registry.residents where relation <> 'other' order by id limit $1`,
        [SAMPLES],
      )
    ).rows.map((r) => r.q)
    const tags = ['独居老人', '残疾人', '低保', '退役军人', '重点人员']
    const grids = (
      await db.query<{ id: number }>(`select g.id from grids g where level = 3 order by hashint4(g.id) limit $1`, [
        SAMPLES,
      ])
    ).rows.map((r) => r.id)
    console.log(
      `registry: ${residents.toLocaleString('en-US')} residents; ${SAMPLES} requests per figure, one at a time`,
    )
    // Warm-up: the first requests pay for the pool, prepared plans and caches.
    await timed(
      url,
      manager,
      names.slice(0, 20).map((q) => `/api/registry/residents?q=${encodeURIComponent(q)}`),
    )
    const byName = summarize(
      await timed(
        url,
        manager,
        names.map((q) => `/api/registry/residents?q=${encodeURIComponent(q)}&limit=50`),
      ),
    )
    const byTag = summarize(
      await timed(
        url,
        manager,
        names.map((_, i) => `/api/registry/residents?tag=${encodeURIComponent(tags[i % tags.length]!)}&limit=50`),
      ),
    )
    const byWorker = summarize(
      await timed(
        url,
        worker,
        names.map((q) => `/api/registry/residents?q=${encodeURIComponent(q)}&limit=50`),
      ),
    )
    const gridPage = summarize(
      await timed(
        url,
        manager,
        grids.map((id) => `/api/registry/grids/${id}`),
      ),
    )
    const bytes = await importSheet(db)
    await db.query(`delete from registry.residents where name like '导入基准%'`)
    const first = await upload(url, manager, bytes)
    const second = await upload(url, manager, bytes)
    console.log(
      `  import 1: ${JSON.stringify({ ...first.body, rows: undefined })}; import 2: ${JSON.stringify({ ...second.body, rows: undefined })}`,
    )
    return [
      report('registry search by name, street-wide (p95)', byName.p95, 'ms', 50),
      report('registry search by tag, street-wide (p95)', byTag.p95, 'ms', 50),
      report('registry search by name, a worker (p95)', byWorker.p95, 'ms', 50),
      report('a unit grid’s registry page (p95)', gridPage.p95, 'ms', 50),
      report('10,000-row XLSX import, first time', first.ms / 1000, 's', 30),
      report('the same 10,000 rows again (nothing changes)', second.ms / 1000, 's', 30),
    ]
  } finally {
    await db.end()
  }
}
