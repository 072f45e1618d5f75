import { sql, type Kysely } from 'kysely'

/**
 * Patrols (巡查): a worker's walk from start to end, its accepted positions in time order and the unit grids its
 * line passed through. Points are keyed by the phone's own id, so an outbox that sends a batch twice stores it once.
 * Outliers (poor accuracy, impossible speed) are counted on the patrol, never stored: the track is the points.
 * `patrol_grids` grows a segment at a time (the grids a line crosses are the union of those its segments cross),
 * with the last time the patrol was in each, which is what coverage reads. Points and grids go with their patrol
 * when the retention timer deletes it (on delete cascade).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table patrol_settings (
      id boolean primary key default true check (id),
      retention_days integer not null default 180 check (retention_days between 7 and 3650),
      max_accuracy_m real not null default 50 check (max_accuracy_m between 5 and 500),
      max_speed_mps real not null default 8 check (max_speed_mps between 1 and 60),
      weekly_visits_per_grid integer not null default 2 check (weekly_visits_per_grid between 1 and 14),
      updated_at timestamptz not null default now()
    )`.execute(db)
  await sql`insert into patrol_settings default values`.execute(db)
  await sql`
    create table patrols (
      id bigint generated always as identity primary key,
      client_id uuid not null,
      worker_id integer not null references users (id),
      started_at timestamptz not null,
      ended_at timestamptz,
      length_m double precision not null default 0 check (length_m >= 0),
      point_count integer not null default 0,
      outlier_count integer not null default 0,
      last_location geometry(Point, 4326),
      last_at timestamptz,
      unique (worker_id, client_id),
      check (ended_at is null or ended_at >= started_at)
    )`.execute(db)
  // One open patrol per worker: starting another while one is open is refused.
  await sql`create unique index patrols_open_idx on patrols (worker_id) where ended_at is null`.execute(db)
  await sql`create index patrols_worker_idx on patrols (worker_id, started_at desc)`.execute(db)
  await sql`create index patrols_started_idx on patrols (started_at)`.execute(db)
  await sql`
    create table patrol_points (
      patrol_id bigint not null references patrols (id) on delete cascade,
      client_point_id uuid not null,
      at timestamptz not null,
      location geometry(Point, 4326) not null,
      accuracy_m real,
      primary key (patrol_id, client_point_id)
    )`.execute(db)
  await sql`create index patrol_points_order_idx on patrol_points (patrol_id, at)`.execute(db)
  await sql`
    create table patrol_grids (
      patrol_id bigint not null references patrols (id) on delete cascade,
      grid_id integer not null references grids (id),
      first_at timestamptz not null,
      last_at timestamptz not null,
      primary key (patrol_id, grid_id)
    )`.execute(db)
  await sql`create index patrol_grids_grid_idx on patrol_grids (grid_id, last_at desc)`.execute(db)
  // Reports the worker made while on patrol, linked when the patrol ends (never inside the report's own filing).
  await sql`
    create table patrol_incidents (
      patrol_id bigint not null references patrols (id) on delete cascade,
      incident_id bigint not null references incidents (id),
      primary key (patrol_id, incident_id)
    )`.execute(db)
  await sql`create unique index patrol_incidents_incident_idx on patrol_incidents (incident_id)`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['patrol_incidents', 'patrol_grids', 'patrol_points', 'patrols', 'patrol_settings'])
    await sql`drop table if exists ${sql.table(table)}`.execute(db)
}
