import { sql, type Kysely } from 'kysely'

/**
 * The live map's log and the workers' last positions.
 *
 * `events` is written in the same transaction as the change it describes, so an event exists exactly when its change
 * committed; `seq` orders them, and a reconnecting client asks for what came after its last `seq` in its grids —
 * hence one (grid, seq) index per level. Worker positions are not logged: only the last one matters, kept one row
 * per worker (the row's `at` also enforces the one-position-per-10-s limit, across every API instance).
 * The log's grid ids carry no foreign key: it is a replay buffer, and must never stand in the way of a grid import
 * that removes a grid (an event of a removed grid reaches no room, which is right). A position in a removed grid
 * goes with it; the phone sends another within seconds.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table events (
      seq bigserial primary key,
      type text not null check (type in ('incident.created', 'incident.updated', 'station.audited')),
      at timestamptz not null default now(),
      grid_l1_id integer,
      grid_l2_id integer,
      grid_l3_id integer,
      data jsonb not null
    )`.execute(db)
  await sql`create index events_l1_idx on events (grid_l1_id, seq)`.execute(db)
  await sql`create index events_l2_idx on events (grid_l2_id, seq)`.execute(db)
  await sql`create index events_l3_idx on events (grid_l3_id, seq)`.execute(db)
  await sql`
    create table worker_positions (
      user_id integer primary key references users (id) on delete cascade,
      location geometry(Point, 4326) not null,
      accuracy_m real check (accuracy_m >= 0),
      grid_l1_id integer not null references grids (id) on delete cascade,
      grid_l2_id integer not null references grids (id) on delete cascade,
      grid_l3_id integer not null references grids (id) on delete cascade,
      on_duty boolean not null default true,
      at timestamptz not null default now()
    )`.execute(db)
  await sql`create index worker_positions_location_gist on worker_positions using gist (location)`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists worker_positions`.execute(db)
  await sql`drop table if exists events`.execute(db)
}
