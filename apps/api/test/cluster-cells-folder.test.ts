import { randomUUID } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { OPEN_STATES } from '@wangge/workflow'
import { FOLD_INTERVAL_MS } from '../src/plugins/app/incidents/cluster-cells-folder.ts'
import { DEMO, multipart, pointInGrid, signedInApp, withClient } from './helper.ts'

// A report's place in the map's counts per cell is appended as changes (migration 0079), which the API folds into
// the cells every second (cluster-cells-folder.ts). The map counts the report at once, and the same after the fold.
const worker = await signedInApp(DEMO.worker)
const manager = await signedInApp(DEMO.manager)
afterAll(() => Promise.all([worker.close(), manager.close()]))

const changesWaiting = () =>
  withClient(
    async (c) => (await c.query<{ n: number }>('select count(*)::int n from incident_cluster_cell_changes')).rows[0]!.n,
  )

describe('the cluster cells folder', () => {
  it("folds a report's changes into the counts within a fold or two, and the map counts the report throughout", async () => {
    const here = await pointInGrid('370705002001001')
    const open = OPEN_STATES.map((s) => `&status=${s}`).join('')
    const view = `zoom=18&bbox=${here.lng - 0.0001},${here.lat - 0.0001},${here.lng + 0.0001},${here.lat + 0.0001}${open}`
    const total = async () => (await manager.inject(`/api/incidents/clusters?${view}`)).json<{ total: number }>().total
    await expect.poll(changesWaiting, { timeout: 5 * FOLD_INTERVAL_MS }).toBe(0)
    const before = await total()

    const form = multipart({
      clientId: randomUUID(),
      categoryCode: 'E0101',
      description: '聚合格折叠测试',
      lng: String(here.lng),
      lat: String(here.lat),
    })
    const res = await worker.inject({ method: 'POST', url: '/api/incidents', ...form })
    expect(res.statusCode, res.body).toBe(201)
    expect(await total()).toBe(before + 1)

    await expect.poll(changesWaiting, { timeout: 5 * FOLD_INTERVAL_MS }).toBe(0)
    expect(await total()).toBe(before + 1)
  })
})
