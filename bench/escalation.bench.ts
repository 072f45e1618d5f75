import pg from 'pg'
import { createKysely } from '../apps/api/src/db/create-kysely.ts'
import { ladderPass } from '../apps/api/src/plugins/app/escalation/ladder-pass.ts'
import { report, summarize } from './stats.ts'
import { cpuPerReport, cpuSnapshot } from './cpu-usage.ts'

/** The escalation bench's own cases, told apart by their description. */
const MARK = '【阶梯压测】'
const OPEN_CASES = 100_000
/** Cases whose yellow step falls due before each measured pass: a busy street's quarter of a minute, and more. */
const DUE_PER_PASS = 200
const PASSES = 7

/**
 * DESIGN.md: "escalation timer pass at 100,000 open cases ≤ 200 ms". Fills the database to 100,000 open
 * (dispatched) cases of its own, each with its ladder armed for a time in the future, then before each pass makes
 * DUE_PER_PASS of them due (their yellow step), and times one pass of the timer as the API runs it (ladderPass: the
 * index lookup of due rows with SKIP LOCKED, the working-time arithmetic, history rows, notices and events, one
 * transaction). Also times a pass with nothing due (the timer's usual tick) and a pass over a full batch (500).
 */
export async function benchEscalation(databaseUrl: string): Promise<boolean[]> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 })
  const db = createKysely(pool)
  try {
    await fillOpenCases(client)
    const openCount = Number(
      (
        await client.query<{ count: string }>(
          `select count(*) from incidents where status in ('dispatched', 'in_progress')`,
        )
      ).rows[0]!.count,
    )
    console.log(
      `escalation — ${openCount.toLocaleString('en')} open cases (${OPEN_CASES.toLocaleString('en')} of the bench's own)`,
    )
    // Settle anything armed and due before timing (the seed's cases, a previous run's leftovers).
    for (let guard = 0; guard < 400; guard++) if ((await ladderPass(db, new Date())).cases === 0) break

    const idle: number[] = []
    const busy: number[] = []
    const full: number[] = []
    let steps = 0
    const before = await cpuSnapshot(client, process.pid)
    let passes = 0
    for (let i = 0; i < PASSES; i++) {
      let started = performance.now()
      await ladderPass(db, new Date())
      idle.push(performance.now() - started)
      passes += 1

      await makeDue(client, DUE_PER_PASS)
      started = performance.now()
      const result = await ladderPass(db, new Date())
      busy.push(performance.now() - started)
      steps += result.steps
      passes += 1
    }
    for (let i = 0; i < 3; i++) {
      await makeDue(client, 500)
      const started = performance.now()
      await ladderPass(db, new Date())
      full.push(performance.now() - started)
      passes += 1
    }
    // The bench process is the API here (the pass runs in it); "a report" reads "a pass".
    const load = cpuPerReport(before, await cpuSnapshot(client, process.pid, before), passes).replace(
      'a report',
      'a pass',
    )
    const idleStats = summarize(idle)
    const busyStats = summarize(busy)
    const fullStats = summarize(full)
    console.log(
      `  passes: idle p50 ${idleStats.p50.toFixed(1)} ms; ${DUE_PER_PASS} due p50 ${busyStats.p50.toFixed(1)} / max ${busyStats.max.toFixed(1)} ms (${steps} steps in ${PASSES} passes); 500 due p50 ${fullStats.p50.toFixed(1)} / max ${fullStats.max.toFixed(1)} ms; ${load}`,
    )
    return [
      report('escalation: timer pass, nothing due (100k open)', idleStats.max, 'ms', 200),
      report(`escalation: timer pass, ${DUE_PER_PASS} steps due (100k open), max`, busyStats.max, 'ms', 200),
      report('escalation: timer pass, a full batch of 500 due, max', fullStats.max, 'ms', 200),
    ]
  } finally {
    await client.end()
    await db.destroy()
  }
}

/**
 * The bench's 100,000 open cases (made once, kept between runs): copies of a seeded case's place, dispatched to
 * its unit grid's worker a working day ago and due in a week, their ladders armed for a week from now.
 */
async function fillOpenCases(client: pg.Client): Promise<void> {
  const have = Number(
    (await client.query<{ count: string }>(`select count(*) from incidents where description like $1`, [`${MARK}%`]))
      .rows[0]!.count,
  )
  if (have >= OPEN_CASES) return
  console.log(`escalation — making ${(OPEN_CASES - have).toLocaleString('en')} open cases (once)…`)
  await client.query(
    `insert into incidents (case_number, client_id, category_id, description, status, location, grid_l1_id, grid_l2_id,
       grid_l3_id, reporter_id, source, assignee_user_id, dispatched_at, due_at)
     select 'LADDER-' || n || '-' || md5(random()::text), gen_random_uuid(), s.category_id, $1 || n, 'dispatched', s.location,
       s.grid_l1_id, s.grid_l2_id, s.grid_l3_id, s.reporter_id, 'worker', s.reporter_id,
       now() - interval '1 day', now() + interval '7 days'
     from generate_series($2::int + 1, $3::int) n,
       lateral (select * from incidents where description not like $1 || '%' order by id offset (n % 500) limit 1) s`,
    [MARK, have, OPEN_CASES],
  )
  // Armed for later than any pass here: the insert armed them for now (-infinity).
  await client.query(
    `update incidents set next_ladder_at = now() + interval '7 days' where description like $1 || '%'`,
    [MARK],
  )
  await client.query('analyze incidents')
}

/** Makes `count` of the bench's cases due now: dispatched long enough ago that their yellow step has come. */
async function makeDue(client: pg.Client, count: number): Promise<void> {
  await client.query(
    `with picked as (
       select id from incidents where description like $1 || '%' and ladder_step = 0 and next_ladder_at > now()
       order by id limit $2
     )
     update incidents i set dispatched_at = now() - interval '10 days', due_at = now() + interval '1 day'
     from picked where i.id = picked.id`,
    [MARK, count],
  )
}
