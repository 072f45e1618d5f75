import { randomUUID } from 'node:crypto'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO, multipart, pointInGrid, signedInApp, withClient, type SignedInApp } from './helper.ts'

// Every case carries its source (migration 0020): a report's is its reporter's role, set by the filing statement;
// the list, the detail, the export and the statistics show it.

let worker: SignedInApp
let supervisor: SignedInApp
let manager: SignedInApp

beforeAll(async () => {
  worker = await signedInApp(DEMO.worker)
  supervisor = await signedInApp(DEMO.supervisor)
  manager = await signedInApp(DEMO.manager)
})
afterAll(async () => {
  for (const app of [worker, supervisor, manager]) await app.close()
})

async function report(app: SignedInApp, description: string) {
  const at = await pointInGrid('370705002001001')
  const res = await app.inject({
    method: 'POST',
    url: '/api/incidents',
    ...multipart({
      clientId: randomUUID(),
      categoryCode: 'C0101',
      description,
      lng: String(at.lng),
      lat: String(at.lat),
    }),
  })
  expect(res.statusCode, res.body).toBe(201)
  return res.json<{ id: string; caseNumber: string; source: string }>()
}

describe('incident sources', () => {
  it('a report takes its reporter’s role as its source, in the reply, the row and the detail read back', async () => {
    const tag = randomUUID().slice(0, 8)
    const byWorker = await report(worker, `来源测试 ${tag} 网格员`)
    const bySupervisor = await report(supervisor, `来源测试 ${tag} 监督员`)
    expect([byWorker.source, bySupervisor.source]).toEqual(['worker', 'supervisor'])
    const rows = await withClient(
      async (c) =>
        (
          await c.query<{ source: string }>('select source from incidents where id in ($1, $2) order by id', [
            byWorker.id,
            bySupervisor.id,
          ])
        ).rows,
    )
    expect(rows.map((r) => r.source)).toEqual(['worker', 'supervisor'])
    expect((await supervisor.inject(`/api/incidents/${byWorker.id}`)).json<{ source: string }>().source).toBe('worker')
    const list = await supervisor.inject(`/api/incidents?q=${encodeURIComponent(tag)}`)
    expect(
      list
        .json<{ items: { id: string; source: string }[] }>()
        .items.map((i) => [i.id, i.source])
        .sort(),
    ).toEqual(
      [
        [byWorker.id, 'worker'],
        [bySupervisor.id, 'supervisor'],
      ].sort(),
    )
  })

  it('the export names each case’s source in Chinese', async () => {
    const tag = randomUUID().slice(0, 8)
    await report(worker, `导出来源 ${tag}`)
    const res = await supervisor.inject(`/api/incidents/export?format=xlsx&q=${encodeURIComponent(tag)}`)
    expect(res.statusCode).toBe(200)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    const sheet = book.worksheets[0]!
    const header = (sheet.getRow(1).values as unknown[]).slice(1)
    const column = header.indexOf('来源') + 1
    expect(column).toBeGreaterThan(0)
    expect(sheet.getRow(2).getCell(column).value).toBe('网格员上报')
  })

  it('counts each source’s cases in the statistics, as counted by hand', async () => {
    // A month of its own (July 2018), so no other test's cases fall in it: 3 by workers, 1 by a supervisor, 2 from
    // the hotline, 1 from Open311, of which the hotline's one and Open311's are closed.
    const sources = ['worker', 'worker', 'worker', 'supervisor', 'hotline', 'hotline', 'open311']
    const closed = [false, false, false, false, true, false, true]
    await withClient(async (c) => {
      for (const [i, source] of sources.entries()) {
        await c.query(
          `insert into incidents (case_number, client_id, category_id, description, status, location, grid_l1_id, grid_l2_id,
             grid_l3_id, reporter_id, source, registered_at, closed_at, closed_on_time, created_at)
           select $1, gen_random_uuid(), c.id, '来源统计夹具', $2, ST_PointOnSurface(g3.geom), g3.parent_id, g2.parent_id, g3.id,
             (select id from users where role = 'worker' order by id limit 1), $3,
             case when $4 then '2018-07-10T10:00:00+08:00'::timestamptz end, case when $4 then '2018-07-11T10:00:00+08:00'::timestamptz end,
             case when $4 then true end, '2018-07-10T09:00:00+08:00'
           from categories c, grids g3 join grids g2 on g2.id = g3.parent_id
           where c.code = 'C0101' and g3.code = '370705002001001'`,
          [`SRC-${randomUUID().slice(0, 12)}-${i}`, closed[i] ? 'closed' : 'reported', source, closed[i]],
        )
      }
    })
    const res = await manager.inject(
      '/api/stats/sources?from=2018-07-01T00:00:00%2B08:00&to=2018-08-01T00:00:00%2B08:00',
    )
    expect(res.statusCode, res.body).toBe(200)
    const rows = res.json<{ key: { code: string; name: string }; reported: number; closed: number }[]>()
    expect(rows.map((r) => [r.key.code, r.key.name, r.reported, r.closed]).sort()).toEqual(
      [
        ['hotline', '12345热线', 2, 1],
        ['open311', 'Open311', 1, 1],
        ['supervisor', '监督员上报', 1, 0],
        ['worker', '网格员上报', 3, 0],
      ].sort(),
    )
    expect(
      (await worker.inject('/api/stats/sources?from=2018-07-01T00:00:00Z&to=2018-08-01T00:00:00Z')).statusCode,
    ).toBe(403)
  })
})
