import { afterAll, describe, expect, it } from 'vitest'
import { DEMO, signedInApp, withClient, type SignedInApp } from './helper.ts'

const count = (text: string) => withClient(async (c) => (await c.query<{ n: number }>(text)).rows[0]!.n)

describe('GET /api/auth/scope', () => {
  // One after the other: the embedded database must not see two connections talking at once.
  const apps = (async () => {
    const signedIn: SignedInApp[] = []
    for (const phone of [DEMO.worker, DEMO.supervisor, DEMO.streetSupervisor, DEMO.manager])
      signedIn.push(await signedInApp(phone))
    return signedIn
  })()
  afterAll(async () => Promise.all((await apps).map((a) => a.close())))

  it("gives a worker their unit grid, a supervisor their community's whole subtree, a manager the street", async () => {
    const [worker, supervisor, street, manager] = (await apps) as [SignedInApp, SignedInApp, SignedInApp, SignedInApp]
    const scope = async (a: SignedInApp) =>
      (await a.inject('/api/auth/scope')).json<{ streetWide: boolean; gridIds: number[] }>()

    const w = await scope(worker)
    expect(w.streetWide).toBe(false)
    expect(w.gridIds).toEqual([await count(`select id n from grids where code = '370705002001001'`)])

    const s = await scope(supervisor)
    const subtree = await count(`select count(*)::int n from grids g left join grids p on p.id = g.parent_id
                                 where g.code = '370705002001' or g.parent_id = (select id from grids where code = '370705002001')
                                    or p.parent_id = (select id from grids where code = '370705002001')`)
    expect(s.gridIds).toHaveLength(subtree)
    expect(subtree).toBeGreaterThan(100)

    const all = await count('select count(*)::int n from grids')
    expect((await scope(street)).gridIds).toHaveLength(all)
    const m = await scope(manager)
    expect(m.streetWide).toBe(true)
    expect(m.gridIds).toHaveLength(all)
  })
})
