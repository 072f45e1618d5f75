import { randomUUID } from 'node:crypto'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO, multipart, pointInGrid, signedInApp, type SignedInApp } from './helper.ts'

// The supervisor's case desk: search (bigrams, case numbers), queue counts and the export, all within what the
// caller may see. Supervisor 13800000002 keeps community 370705002001; 370705002009 is another community.

let supervisor: SignedInApp
let street: SignedInApp
let worker: SignedInApp
const tag = randomUUID().slice(0, 6)
let mine: { id: string; caseNumber: string }
let elsewhere: { id: string; caseNumber: string }
let formula: { id: string; caseNumber: string }

async function reportAt(app: SignedInApp, cell: string, description: string, address?: string) {
  const at = await pointInGrid(cell)
  const fields: Record<string, string> = {
    clientId: randomUUID(),
    categoryCode: 'C0101',
    description,
    lng: String(at.lng),
    lat: String(at.lat),
  }
  if (address) fields.address = address
  const res = await app.inject({ method: 'POST', url: '/api/incidents', ...multipart(fields) })
  expect(res.statusCode, res.body).toBe(201)
  return res.json<{ id: string; caseNumber: string }>()
}

const step = async (app: SignedInApp, id: string, action: string, payload: object = {}) => {
  const res = await app.inject({ method: 'POST', url: `/api/incidents/${id}/${action}`, payload })
  expect(res.statusCode, `${action}: ${res.body}`).toBe(200)
}

type Page = { items: { id: string; caseNumber: string; status: string }[]; nextCursor: string | null }
const ids = async (app: SignedInApp, query: string) => {
  const res = await app.inject(`/api/incidents?limit=200&${query}`)
  expect(res.statusCode, res.body).toBe(200)
  return res.json<Page>().items.map((i) => i.id)
}
const q = (term: string) => `q=${encodeURIComponent(term)}`
type Counts = Record<'to_register' | 'to_dispatch' | 'to_verify' | 'due_soon' | 'overdue' | 'rework', number>
const counts = async (app: SignedInApp, query = '') => {
  const res = await app.inject(`/api/incidents/queues?${query}`)
  expect(res.statusCode, res.body).toBe(200)
  return res.json<Counts>()
}

beforeAll(async () => {
  supervisor = await signedInApp(DEMO.supervisor)
  street = await signedInApp(DEMO.streetSupervisor)
  worker = await signedInApp(DEMO.worker)
  mine = await reportAt(worker, '370705002001001', `窨井盖移位 ${tag}，车辆经过有异响`, '虞河路 12 号')
  elsewhere = await reportAt(street, '370705002009003', `窨井盖移位 ${tag}，在另一个社区`)
  formula = await reportAt(worker, '370705002001001', `=HYPERLINK("http://example.invalid") ${tag}`)
})
afterAll(async () => {
  for (const app of [supervisor, street, worker]) await app.close()
})

describe('searching the case desk', () => {
  it('finds a two-character word, a phrase and the address, within the caller’s communities only', async () => {
    // 井盖 has no trigram: it is found through the bigram index now.
    const twoCharacters = await ids(
      supervisor,
      `${q('井盖')}&from=${encodeURIComponent(new Date(Date.now() - 600_000).toISOString())}`,
    )
    expect(twoCharacters).toContain(mine.id)
    expect(twoCharacters).not.toContain(elsewhere.id)
    expect(await ids(street, q(`井盖移位 ${tag}`))).toEqual(expect.arrayContaining([mine.id, elsewhere.id]))
    expect(await ids(supervisor, q(`井盖移位 ${tag}`))).toEqual([mine.id])
    expect(await ids(supervisor, q(`${tag}，车辆经过`))).toEqual([mine.id])
    expect(await ids(supervisor, q('虞河路 12'))).toContain(mine.id)
    // Every bigram present but not in this order: the ILIKE recheck refuses it.
    expect(await ids(supervisor, q(`移位井盖 ${tag}`))).toEqual([])
  })

  it('finds a case by its exact number and by a prefix, in any letter case, and never another community’s', async () => {
    expect(await ids(supervisor, q(mine.caseNumber))).toEqual([mine.id])
    expect(await ids(supervisor, q(mine.caseNumber.toLowerCase()))).toEqual([mine.id])
    expect(await ids(supervisor, q(elsewhere.caseNumber))).toEqual([])
    expect(await ids(street, q(elsewhere.caseNumber))).toEqual([elsewhere.id])
    const day = mine.caseNumber.slice(0, 'DY-YYYYMMDD'.length)
    const sameDay = await ids(supervisor, q(day))
    expect(sameDay).toEqual(expect.arrayContaining([mine.id, formula.id]))
    expect(sameDay).not.toContain(elsewhere.id)
  })
})

describe('the queues', () => {
  it('counts each queue within what the caller sees, and the list filters by the same queue', async () => {
    const before = await counts(supervisor)
    const streetBefore = await counts(street)
    const fresh = await reportAt(street, '370705002009003', `另一个社区的新案件 ${tag}`)
    expect((await counts(supervisor)).to_register).toBe(before.to_register)
    expect((await counts(street)).to_register).toBe(streetBefore.to_register + 1)
    expect(await ids(street, 'queue=to_register')).toContain(fresh.id)

    const own = await reportAt(supervisor, '370705002001001', `待核查的案件 ${tag}`)
    await step(supervisor, own.id, 'register')
    expect((await counts(supervisor)).to_dispatch).toBe(before.to_dispatch + 1)
    const workerId = (await worker.inject('/api/auth/me')).json<{ id: number }>().id
    await step(supervisor, own.id, 'dispatch', { userId: workerId })
    await step(worker, own.id, 'accept')
    await step(worker, own.id, 'feedback', { note: '已复位' })
    expect((await counts(supervisor)).to_verify).toBe(before.to_verify + 1)
    expect(await ids(supervisor, 'queue=to_verify')).toContain(own.id)
    await step(supervisor, own.id, 'verify', { passed: false, note: '仍有异响' })
    const after = await counts(supervisor)
    expect(after.to_verify).toBe(before.to_verify)
    expect(after.rework).toBe(before.rework + 1)
    expect(await ids(supervisor, 'queue=rework')).toContain(own.id)
    // Filters narrow the counts as they narrow the list.
    expect((await counts(supervisor, `${q(`待核查的案件 ${tag}`)}`)).rework).toBe(1)
    expect((await counts(supervisor, 'source=worker&status=closed')).rework).toBe(0)
  })

  it('filters by source: the reporter’s role', async () => {
    const byWorkers = await ids(supervisor, `source=worker&${q(tag)}`)
    expect(byWorkers).toEqual(expect.arrayContaining([mine.id, formula.id]))
    const bySupervisors = await ids(supervisor, `source=supervisor&${q(tag)}`)
    expect(bySupervisors).not.toContain(mine.id)
    expect(bySupervisors.length).toBeGreaterThan(0)
  })

  it('pages oldest first with a cursor as well as newest first', async () => {
    const first = (await supervisor.inject('/api/incidents?limit=2&sort=oldest')).json<Page>()
    const second = (
      await supervisor.inject(`/api/incidents?limit=2&sort=oldest&cursor=${first.nextCursor}`)
    ).json<Page>()
    expect(BigInt(second.items[0]!.id)).toBeGreaterThan(BigInt(first.items[1]!.id))
  })

  it('answers 400 for a bad queue, source, sort or search', async () => {
    for (const query of ['queue=late', 'source=fax', 'sort=due', `q=${'长'.repeat(51)}`, 'q=']) {
      expect((await supervisor.inject(`/api/incidents?${query}`)).statusCode, query).toBe(400)
    }
    expect((await supervisor.inject('/api/incidents/queues?source=fax')).statusCode).toBe(400)
  })
})

describe('exporting the filtered list', () => {
  it('writes an XLSX with Chinese headers, only the filtered cases the caller sees, formulas neutralised', async () => {
    const res = await supervisor.inject(`/api/incidents/export?format=xlsx&${q(tag)}`)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-type']).toContain('spreadsheetml')
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('案件列表'))
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    const sheet = workbook.getWorksheet('案件列表')!
    expect(sheet.getRow(1).values).toEqual(
      expect.arrayContaining(['案件编号', '状态', '类别', '问题描述', '所属网格', '上报时间', '处置时限']),
    )
    const numbers = sheet.getColumn(1).values.slice(2)
    expect(numbers).toEqual(expect.arrayContaining([mine.caseNumber, formula.caseNumber]))
    expect(numbers).not.toContain(elsewhere.caseNumber)
    const descriptions = sheet.getColumn(4).values.slice(2) as string[]
    expect(descriptions).toContain(`'=HYPERLINK("http://example.invalid") ${tag}`)
    expect(sheet.getColumn(2).values.slice(2)).toContain('待登记')
  })

  it('writes a CSV with a byte-order mark and Chinese headers', async () => {
    const res = await supervisor.inject(`/api/incidents/export?format=csv&${q(tag)}`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('text/csv')
    expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const [header, ...lines] = res.rawPayload.subarray(3).toString('utf8').trim().split('\r\n')
    expect(header!.split(',').slice(0, 4)).toEqual(['案件编号', '状态', '类别', '问题描述'])
    expect(lines.some((l) => l.startsWith(`${mine.caseNumber},`))).toBe(true)
    expect(lines.some((l) => l.includes(elsewhere.caseNumber))).toBe(false)
    expect(lines.some((l) => l.includes(`"'=HYPERLINK(""http://example.invalid"") ${tag}"`))).toBe(true)
  })

  it('refuses workers, and a bad format or filter', async () => {
    expect((await worker.inject('/api/incidents/export?format=csv')).statusCode).toBe(403)
    expect((await supervisor.inject('/api/incidents/export?format=pdf')).statusCode).toBe(400)
    expect((await supervisor.inject('/api/incidents/export')).statusCode).toBe(400)
    expect((await supervisor.inject('/api/incidents/export?format=csv&queue=late')).statusCode).toBe(400)
  })
})
