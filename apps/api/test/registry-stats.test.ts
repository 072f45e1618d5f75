import type { RegistryIndicators } from '@wangge/contract'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO, signedInApp, withClient, type SignedInApp } from './helper.ts'

/**
 * `GET /api/stats/registry` on a hand-made community (code 370705002099, off the street's map) with one area and
 * two unit grids, G1 and G2, and a worker in each (W1, W2). Its figures, counted by hand:
 *
 *   houses     G1: H1 owner-occupied, H2 rented, H3 vacant · G2: H4 owner-occupied, H5 vacant
 *   residents  H1: 退役军人, 残疾人, (none) · H2: 低保 + 独居老人 · H4: 重点人员 (社区矫正对象), (none)
 *              → 6 residents, 3 households (H1, H2, H4); tags 退役军人 1, 残疾人 1, 低保 1, 独居老人 1, 重点人员 1
 *   units      5 social organisations, 1 cultural team, 2 shops → the 5 + 2 rule missed (one team short)
 *   visits     W1: H1 on 2019-01-01 00:30 and again 2019-02-01, H3 2019-03-31 23:59, H2 2019-04-01 00:00
 *              W2: H5 2019-03-15, H4 2018-12-31 23:59 (all times Asia/Shanghai)
 *              → 2019-Q1: H1, H3, H5 visited: G1 2 of 3, G2 1 of 2, W1 2 of 3, W2 1 of 2, community 3 of 5
 *              → 2019-Q2: H2 only (G1 1 of 3); 2018-Q4: H4 only (G2 1 of 2); this quarter: none
 */
const COMMUNITY = '370705002099'
let manager: SignedInApp
let supervisor: SignedInApp
let worker: SignedInApp

const registryStats = async (app: SignedInApp, quarter?: string) => {
  const res = await app.inject(`/api/stats/registry${quarter ? `?quarter=${quarter}` : ''}`)
  expect(res.statusCode, res.body).toBe(200)
  return res.json<RegistryIndicators>()
}
const fixtureOf = (body: RegistryIndicators) => ({
  community: body.communities.find((c) => c.community.code === COMMUNITY),
  grids: body.grids.filter((g) => g.name.startsWith('统计测试')).map((g) => [g.name, g.houses, g.visited]),
  workers: body.workers.filter((w) => w.name.startsWith('统计测试')).map((w) => [w.name, w.houses, w.visited]),
})

async function removeFixture() {
  await withClient(async (c) => {
    const scope = `(select id from grids where code like '${COMMUNITY}%')`
    await c.query(`delete from registry.visits where grid_l1_id in ${scope}`)
    await c.query(`delete from registry.organisations where grid_l1_id in ${scope}`)
    await c.query(`delete from registry.residents where grid_l1_id in ${scope}`)
    await c.query(`delete from registry.houses where grid_l1_id in ${scope}`)
    await c.query(`delete from registry.buildings where grid_l1_id in ${scope}`)
    await c.query(`delete from users where phone like '1559999000_'`)
    await c.query(`delete from grids where code like '${COMMUNITY}%' and level = 3`)
    await c.query(`delete from grids where code like '${COMMUNITY}%' and level = 2`)
    await c.query(`delete from grids where code = '${COMMUNITY}'`)
  })
}

beforeAll(async () => {
  await removeFixture()
  await withClient(async (c) => {
    const one = async (text: string, values: unknown[] = []) => (await c.query(text, values)).rows[0]
    const square = (x: number) =>
      `ST_Multi(ST_MakeEnvelope(${120 + x * 0.001}, 37.5, ${120.001 + x * 0.001}, 37.501, 4326))`
    const l1 = (
      await one(
        `insert into grids (level, code, name, geom, area_m2) values (1, $1, '统计测试社区', ${square(0)}, 1) returning id`,
        [COMMUNITY],
      )
    ).id
    const l2 = (
      await one(
        `insert into grids (level, code, name, parent_id, geom, area_m2) values (2, $1, '统计测试片区', $2, ${square(0)}, 1) returning id`,
        [`${COMMUNITY}01`, l1],
      )
    ).id
    const unit = async (n: number) =>
      (
        await one(
          `insert into grids (level, code, name, parent_id, geom, area_m2) values (3, $1, $2, $3, ${square(n)}, 1) returning id`,
          [`${COMMUNITY}00${n}`, `统计测试网格${n}`, l2],
        )
      ).id as number
    const g = { 1: await unit(1), 2: await unit(2) }
    const chain = (n: 1 | 2) => [l1, l2, g[n]]
    const workerIn = async (n: 1 | 2) => {
      const id = (
        await one(
          `insert into users (name, phone, password_hash, role) values ($1, $2, 'not-a-hash', 'worker') returning id`,
          [`统计测试网格员${n}`, `1559999000${n}`],
        )
      ).id as number
      await c.query('insert into user_grids (user_id, grid_id) values ($1, $2)', [id, g[n]])
      return id
    }
    const w = { 1: await workerIn(1), 2: await workerIn(2) }
    const building = async (n: 1 | 2) =>
      (
        await one(
          `insert into registry.buildings (name, address, use, floors, units, location, grid_l1_id, grid_l2_id, grid_l3_id)
           values ('1号楼', $1, 'residential', 3, 1, ST_SetSRID(ST_MakePoint(${120.0005 + n * 0.001}, 37.5005), 4326), $2, $3, $4)
           returning id`,
          [`统计测试网格${n}1号楼`, ...chain(n)],
        )
      ).id as number
    const b = { 1: await building(1), 2: await building(2) }
    const house = async (n: 1 | 2, floor: number, occupancy: string) =>
      (
        await one(
          `insert into registry.houses (building_id, unit, floor, number, address, use, area_m2, occupancy,
             grid_l1_id, grid_l2_id, grid_l3_id)
           values ($1, 1, $2, $3, $4, 'residential', 80, $5, $6, $7, $8) returning id`,
          [b[n], floor, `${floor}01`, `统计测试网格${n}1号楼1单元${floor}01室`, occupancy, ...chain(n)],
        )
      ).id as number
    const h = {
      1: await house(1, 1, 'owner_occupied'),
      2: await house(1, 2, 'rented'),
      3: await house(1, 3, 'vacant'),
      4: await house(2, 1, 'owner_occupied'),
      5: await house(2, 2, 'vacant'),
    }
    let person = 0
    const resident = async (houseId: number, n: 1 | 2, relation: string, tags: string[], focus: string | null) => {
      person++
      await c.query(
        `insert into registry.residents (house_id, name, id_number_cipher, id_number_hmac, id_number_masked, sex,
           birth_date, hukou_here, relation, tags, focus_category, grid_l1_id, grid_l2_id, grid_l3_id)
         values ($1, $2, '\\x00', decode(md5($2), 'hex'), '370799********000' || $3, 'male', '1960-01-01', true, $4, $5,
           $6, $7, $8, $9)`,
        [houseId, `统计测试居民${person}`, String(person), relation, tags, focus, ...chain(n)],
      )
    }
    await resident(h[1], 1, 'head', ['退役军人'], null)
    await resident(h[1], 1, 'spouse', ['残疾人'], null)
    await resident(h[1], 1, 'child', [], null)
    await resident(h[2], 1, 'head', ['低保', '独居老人'], null)
    await resident(h[4], 2, 'head', ['重点人员'], '社区矫正对象')
    await resident(h[4], 2, 'spouse', [], null)
    const kinds = [...Array<string>(5).fill('social_organisation'), 'cultural_team', 'shop', 'shop']
    for (const [i, kind] of kinds.entries())
      await c.query(
        `insert into registry.organisations (name, kind, address, location, grid_l1_id, grid_l2_id, grid_l3_id)
         values ($1, $2, '统计测试网格1', ST_SetSRID(ST_MakePoint(120.0015, 37.5005), 4326), $3, $4, $5)`,
        [`统计测试单位${i + 1}`, kind, ...chain(1)],
      )
    const visit = async (workerId: number, houseId: number, n: 1 | 2, at: string) =>
      c.query(
        `insert into registry.visits (client_id, worker_id, house_id, visited_at, notes, grid_l1_id, grid_l2_id, grid_l3_id)
         values (gen_random_uuid(), $1, $2, $3, '统计测试走访', $4, $5, $6)`,
        [workerId, houseId, at, ...chain(n)],
      )
    await visit(w[1], h[1], 1, '2019-01-01T00:30:00+08:00')
    await visit(w[1], h[1], 1, '2019-02-01T10:00:00+08:00')
    await visit(w[1], h[3], 1, '2019-03-31T23:59:00+08:00')
    await visit(w[1], h[2], 1, '2019-04-01T00:00:00+08:00')
    await visit(w[2], h[5], 2, '2019-03-15T10:00:00+08:00')
    await visit(w[2], h[4], 2, '2018-12-31T23:59:00+08:00')
  })
  manager = await signedInApp(DEMO.manager)
  supervisor = await signedInApp(DEMO.supervisor)
  worker = await signedInApp(DEMO.worker)
})

afterAll(async () => {
  await Promise.all([manager?.close(), supervisor?.close(), worker?.close()])
  await removeFixture()
})

describe('GET /api/stats/registry on a hand-made community', () => {
  it('counts its residents, households, tags and organisations by kind, and finds the 5 + 2 rule missed', async () => {
    const { community } = fixtureOf(await registryStats(manager, '2019-Q1'))
    expect(community).toEqual({
      community: expect.objectContaining({ code: COMMUNITY, name: '统计测试社区' }),
      residents: 6,
      households: 3,
      tags: { 退役军人: 1, 残疾人: 1, 低保: 1, 独居老人: 1, 重点人员: 1 },
      organisations: { social_organisation: 5, cultural_team: 1, shop: 2 },
      socialOrganisations: 5,
      culturalTeams: 1,
      ruleMet: false,
      houses: 5,
      housesVisitedThisQuarter: 3,
    })
  })

  it('meets the rule with a second cultural team, and misses it again one social organisation short', async () => {
    const kindOf = (name: string, kind: string) =>
      withClient((c) => c.query('update registry.organisations set kind = $2 where name = $1', [name, kind]))
    await kindOf('统计测试单位7', 'cultural_team')
    let { community } = fixtureOf(await registryStats(manager))
    expect([community?.socialOrganisations, community?.culturalTeams, community?.ruleMet]).toEqual([5, 2, true])
    await kindOf('统计测试单位5', 'shop')
    ;({ community } = fixtureOf(await registryStats(manager)))
    expect([community?.socialOrganisations, community?.culturalTeams, community?.ruleMet]).toEqual([4, 2, false])
    await kindOf('统计测试单位7', 'shop')
    await kindOf('统计测试单位5', 'social_organisation')
  })

  it('counts the houses visited in the quarter asked for, per unit grid and per worker, each house once', async () => {
    const q1 = fixtureOf(await registryStats(manager, '2019-Q1'))
    expect(q1.grids).toEqual([
      ['统计测试网格1', 3, 2],
      ['统计测试网格2', 2, 1],
    ])
    expect(q1.workers).toEqual([
      ['统计测试网格员1', 3, 2],
      ['统计测试网格员2', 2, 1],
    ])
    const q2 = fixtureOf(await registryStats(manager, '2019-Q2'))
    expect(q2.grids).toEqual([
      ['统计测试网格1', 3, 1],
      ['统计测试网格2', 2, 0],
    ])
    expect(q2.community?.housesVisitedThisQuarter).toBe(1)
    const q4 = fixtureOf(await registryStats(manager, '2018-Q4'))
    expect(q4.workers).toEqual([
      ['统计测试网格员1', 3, 0],
      ['统计测试网格员2', 2, 1],
    ])
    const now = await registryStats(manager)
    expect(fixtureOf(now).community?.housesVisitedThisQuarter).toBe(0)
    expect((await registryStats(manager, '2019-Q1')).quarterStart).toBe('2019-01-01')
    expect((await registryStats(manager, '2018-Q4')).quarterStart).toBe('2018-10-01')
  })
})

describe('GET /api/stats/registry on the seeded street', () => {
  it('meets the rule in eight communities and misses it in one, as the registry page’s route says', async () => {
    const body = await registryStats(manager)
    const seeded = body.communities.filter((c) => c.community.code !== COMMUNITY)
    expect(seeded).toHaveLength(9)
    expect(seeded.filter((c) => c.ruleMet)).toHaveLength(8)
    expect(seeded.filter((c) => !c.ruleMet).map((c) => c.community.code)).toEqual(['370705002009'])
    const page = await manager.inject('/api/registry/indicators')
    expect(page.json()).toEqual(body)
  })

  it('shows a community supervisor its community only, and refuses a worker as the other statistics do', async () => {
    const body = await registryStats(supervisor)
    expect(body.communities.map((c) => c.community.code)).toEqual(['370705002001'])
    const inCommunity = await withClient(
      async (c) =>
        (
          await c.query<{ grids: number[]; workers: number[] }>(`
            select array(select g.id from grids g join grids p on p.id = g.parent_id
                         where g.level = 3 and p.parent_id = (select id from grids where code = '370705002001')) grids,
                   array(select distinct ug.user_id from user_grids ug join grids g on g.id = ug.grid_id
                         join grids p on p.id = g.parent_id join users u on u.id = ug.user_id
                         where u.role = 'worker' and g.level = 3
                           and p.parent_id = (select id from grids where code = '370705002001')) workers`)
        ).rows[0]!,
    )
    expect(body.grids.length).toBeGreaterThan(0)
    expect(body.grids.every((g) => inCommunity.grids.includes(g.id))).toBe(true)
    expect(body.workers.every((w) => inCommunity.workers.includes(w.id))).toBe(true)
    expect(body.workers.some((w) => w.name.startsWith('统计测试'))).toBe(false)
    expect((await worker.inject('/api/stats/registry')).statusCode).toBe(403)
  })

  it('refuses a quarter that is not YYYY-Qn with 400', async () => {
    for (const quarter of ['2019-Q5', '2019-q1', '2019Q1', 'abc', '2019-Q1x', '1969-Q4', ''])
      expect((await manager.inject(`/api/stats/registry?quarter=${quarter}`)).statusCode, quarter).toBe(400)
  })
})
