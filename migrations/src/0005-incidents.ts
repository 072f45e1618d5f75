import { sql, type Kysely } from 'kysely'

/**
 * The case file (案卷) of the digital urban management loop: categories with their time limits, the working-day
 * calendar, content-addressed photos, incidents bound to their grid chain, and an append-only history of every
 * transition. The incident state machine itself lives in @wangge/workflow; the status check here only keeps the
 * column to the known states.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table categories (
      id integer generated always as identity primary key,
      code text not null unique,
      parent_id integer references categories (id),
      kind text not null check (kind in ('event', 'component')),
      name text not null,
      name_en text not null,
      default_department_id integer references departments (id),
      dispatch_limit_hours numeric check (dispatch_limit_hours > 0),
      handling_limit_unit text check (handling_limit_unit in ('hours', 'days')),
      handling_limit_amount numeric check (handling_limit_amount > 0),
      constraint categories_leaf_has_limits check (
        parent_id is null or (handling_limit_unit is not null and handling_limit_amount is not null and dispatch_limit_hours is not null)
      )
    )`.execute(db)
  await sql`
    create table calendar_days (
      day date primary key,
      working boolean not null,
      note text not null default ''
    )`.execute(db)
  await sql`
    create table photos (
      sha256 text primary key check (sha256 ~ '^[0-9a-f]{64}$'),
      mime text not null,
      width integer not null,
      height integer not null,
      bytes integer not null,
      created_at timestamptz not null default now()
    )`.execute(db)
  await sql`
    create table case_number_counters (
      day date primary key,
      last integer not null
    )`.execute(db)
  await sql`
    create table incidents (
      id bigint generated always as identity primary key,
      case_number text not null unique,
      client_id uuid not null unique,
      category_id integer not null references categories (id),
      description text not null check (length(description) between 1 and 2000),
      status text not null check (status in ('reported', 'registered', 'rejected', 'dispatched', 'in_progress', 'handled', 'closed')),
      location geometry(Point, 4326) not null,
      accuracy_m real check (accuracy_m >= 0),
      address text,
      grid_l1_id integer not null references grids (id),
      grid_l2_id integer not null references grids (id),
      grid_l3_id integer not null references grids (id),
      reporter_id integer not null references users (id),
      self_handled boolean not null default false,
      assignee_user_id integer references users (id),
      assignee_department_id integer references departments (id),
      registered_at timestamptz,
      dispatched_at timestamptz,
      due_at timestamptz,
      handled_at timestamptz,
      closed_at timestamptz,
      closed_on_time boolean,
      rework_count integer not null default 0,
      extension_count integer not null default 0,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db)
  await sql`create index incidents_location_gist on incidents using gist (location)`.execute(db)
  await sql`create index incidents_status_idx on incidents (status, id)`.execute(db)
  await sql`create index incidents_l1_idx on incidents (grid_l1_id, id)`.execute(db)
  await sql`create index incidents_l2_idx on incidents (grid_l2_id, id)`.execute(db)
  await sql`create index incidents_l3_idx on incidents (grid_l3_id, id)`.execute(db)
  await sql`create index incidents_assignee_idx on incidents (assignee_user_id, id)`.execute(db)
  await sql`create index incidents_department_idx on incidents (assignee_department_id, id)`.execute(db)
  await sql`create index incidents_created_idx on incidents (created_at, id)`.execute(db)
  await sql`create index incidents_due_idx on incidents (due_at) where status in ('dispatched', 'in_progress')`.execute(
    db,
  )
  await sql`
    create table incident_history (
      id bigint generated always as identity primary key,
      incident_id bigint not null references incidents (id),
      at timestamptz not null default now(),
      actor_id integer not null references users (id),
      action text not null,
      from_status text,
      to_status text not null,
      note text,
      data jsonb
    )`.execute(db)
  await sql`create index incident_history_incident_idx on incident_history (incident_id, id)`.execute(db)
  await sql`
    create table incident_photos (
      incident_id bigint not null references incidents (id),
      history_id bigint references incident_history (id),
      photo_sha256 text not null references photos (sha256),
      kind text not null check (kind in ('before', 'after')),
      position smallint not null,
      primary key (incident_id, kind, position, photo_sha256)
    )`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'incident_photos',
    'incident_history',
    'incidents',
    'case_number_counters',
    'photos',
    'calendar_days',
    'categories',
  ]) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db)
  }
}
