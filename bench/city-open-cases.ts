import pg from 'pg'

/**
 * Opens a backlog among the city's cases, once: the fill's copies into earlier periods are all finished, which left
 * a city of ten million cases with about 2,400 open — a street's worth, where a city keeps tens of thousands open at
 * any time. One case in ten of the first copied period (five weeks back) is set back to an open state, in the
 * proportions of a working day's queues (10 % to register, 10 % to dispatch, 35 % dispatched, 30 % in progress,
 * 15 % to verify), due from three days ago to a week ahead (about a quarter overdue). No escalation schedule
 * (`next_ladder_at` stays null), as for every copy. Returns how many it opened (0: already open enough).
 */
export async function openCityBacklog(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const { rows } = await client.query<{ open: number }>(
      `select count(*)::int open from incidents where status not in ('closed', 'rejected')`,
    )
    if (rows[0]!.open >= 10_000) return 0
    const started = Date.now()
    const result = await client.query(`
      with picked as (
        select id, (id / 10) % 20 bucket, (id / 10) % 11 - 3 due_in_days from incidents
        where case_number like 'CITY-1-%' and id % 10 = 0
      )
      update incidents i set
        status = case when p.bucket < 2 then 'reported' when p.bucket < 4 then 'registered'
          when p.bucket < 11 then 'dispatched' when p.bucket < 17 then 'in_progress' else 'handled' end,
        registered_at = case when p.bucket < 2 then null else i.registered_at end,
        dispatched_at = case when p.bucket < 4 then null else i.dispatched_at end,
        assignee_user_id = case when p.bucket < 4 then null else i.assignee_user_id end,
        assignee_department_id = case when p.bucket < 4 then null else i.assignee_department_id end,
        due_at = case when p.bucket < 4 then null
          else date_trunc('hour', now()) + make_interval(days => p.due_in_days::int, hours => (i.id % 9)::int) end,
        handled_at = case when p.bucket >= 17 then now() - interval '1 hour' end,
        closed_at = null, closed_on_time = null, next_ladder_at = null, updated_at = now()
      from picked p where i.id = p.id`)
    await client.query('analyze incidents')
    console.log(
      `city: opened ${(result.rowCount ?? 0).toLocaleString('en')} cases as the city's backlog in ${((Date.now() - started) / 1000).toFixed(0)} s`,
    )
    return result.rowCount ?? 0
  } finally {
    await client.end()
  }
}
