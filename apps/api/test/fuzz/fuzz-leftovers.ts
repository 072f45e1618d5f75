import type pg from 'pg'

/**
 * The street's settings the fuzz's valid PUTs overwrite (one row, or a row per key): kept whole before it starts
 * and put back after, so a later file meets the shipped patrol limits and assessment weights, not fuzzed ones.
 */
const SETTINGS_TABLES = ['patrol_settings', 'assessment_weights'] as const

/** The highest key of each table the fuzz's successful requests add to, taken before it starts. */
export type FuzzMark = Record<'incident' | 'history' | 'audit' | 'station' | 'user' | 'seq' | 'log' | 'at', string> & {
  settings: Record<(typeof SETTINGS_TABLES)[number], string>
}

export async function markBeforeFuzz(client: pg.Client): Promise<FuzzMark> {
  const settings = {} as FuzzMark['settings']
  for (const table of SETTINGS_TABLES)
    settings[table] = (
      await client.query<{ rows: string }>(`select coalesce(json_agg(t), '[]')::text as rows from ${table} t`)
    ).rows[0]!.rows
  const {
    rows: [mark],
  } = await client.query<Omit<FuzzMark, 'settings'>>(`select
    (select coalesce(max(id), 0)::text from incidents) incident, (select coalesce(max(id), 0)::text from incident_history) history,
    (select coalesce(max(id), 0)::text from station_audits) audit, (select coalesce(max(id), 0)::text from stations) station,
    (select coalesce(max(id), 0)::text from users) "user", (select coalesce(max(seq), 0)::text from events) seq,
    (select coalesce(max(id), 0)::text from audit_log) log, now()::text at`)
  return { ...mark!, settings }
}

/**
 * Removes what the fuzz's valid requests created (reports, stations, a user, their history, events and log rows)
 * and the sign-in counters its refused sign-ins raised,
 * so the files after it see the seeded street: a hundred fuzzed stations would change every compliance count.
 * History and audits are append-only by trigger; replica mode lets the test undo its own rows (it also turns the
 * foreign keys' triggers off, so children go first, by hand).
 */
export async function removeFuzzLeftovers(client: pg.Client, m: FuzzMark): Promise<void> {
  await client.query('begin')
  try {
    await client.query(`set local session_replication_role = replica`)
    const run = (text: string, values: unknown[]) => client.query(text, values)
    await run('delete from incident_photos where incident_id > $1 or history_id > $2', [m.incident, m.history])
    await run('delete from incident_history where incident_id > $1 or id > $2', [m.incident, m.history])
    // Issue 19: notices of the fuzz's cases and steps, and the rules, ladders and subscriptions it made (an automatic
    // rule left behind would dispatch every later file's reports).
    await run('delete from notifications where incident_id > $1 or created_at >= $2', [m.incident, m.at])
    await run('delete from routing_rules where updated_at >= $1', [m.at])
    await run('delete from escalation_ladders where updated_at >= $1', [m.at])
    await run('delete from push_subscriptions where created_at >= $1', [m.at])
    await run('delete from incidents where id > $1', [m.incident])
    // Replica mode also keeps the map's counts per cell from seeing the cases go (migration 0078): recounted.
    await run('select incident_cluster_cells_recount()', [])
    await run('delete from station_rectifications where station_id > $1 or opened_by_audit_id > $2', [
      m.station,
      m.audit,
    ])
    await run(
      'update station_rectifications set closed_by_audit_id = null, closed_at = null where closed_by_audit_id > $1',
      [m.audit],
    )
    await run('delete from station_audit_photos where audit_id > $1', [m.audit])
    await run('delete from station_audit_items where audit_id > $1', [m.audit])
    await run('delete from station_audits where id > $1', [m.audit])
    await run('delete from stations where id > $1', [m.station])
    for (const table of ['user_grids', 'worker_positions', 'sessions'])
      await run(`delete from ${table} where user_id > $1`, [m.user])
    await run('delete from users where id > $1', [m.user])
    await run('delete from events where seq > $1', [m.seq])
    await run('delete from audit_log where id > $1', [m.log])
    await run(`delete from calendar_days where day >= '2099-01-01' and day < '2100-01-01'`, [])
    // The fuzz's failed sign-ins and Open311 reads from this address would throttle every later file's (the counters are shared).
    await run('delete from rate_counters where last_at >= $1', [m.at])
    for (const table of SETTINGS_TABLES) {
      await run(`delete from ${table}`, [])
      await run(`insert into ${table} select * from json_populate_recordset(null::${table}, $1::json)`, [
        m.settings[table],
      ])
    }
    await client.query('commit')
  } catch (err) {
    await client.query('rollback')
    throw err
  }
}
