import { sql, type Kysely } from 'kysely'

/**
 * Departments, users with their grid scope, and server-side sessions. A handler (责任单位 staff) belongs to exactly
 * one department; nobody else has one. A user's grids are their scope (a worker's unit grids, a supervisor's
 * subtrees); managers and admins see the whole street and carry none.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table departments (
      id integer generated always as identity primary key,
      code text not null unique check (code ~ '^[a-z][a-z0-9-]{1,39}$'),
      name text not null,
      name_en text not null
    )`.execute(db)
  await sql`
    create table users (
      id integer generated always as identity primary key,
      name text not null check (length(name) between 1 and 50),
      phone text not null unique check (phone ~ '^1[3-9][0-9]{9}$'),
      password_hash text not null,
      role text not null check (role in ('worker', 'supervisor', 'handler', 'manager', 'admin')),
      department_id integer references departments (id),
      active boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint users_handler_has_department check ((role = 'handler') = (department_id is not null))
    )`.execute(db)
  await sql`
    create table user_grids (
      user_id integer not null references users (id) on delete cascade,
      grid_id integer not null references grids (id) on delete cascade,
      primary key (user_id, grid_id)
    )`.execute(db)
  await sql`create index user_grids_grid_idx on user_grids (grid_id)`.execute(db)
  await sql`
    create table sessions (
      sid text primary key,
      user_id integer references users (id) on delete cascade,
      data jsonb not null,
      expires_at timestamptz not null
    )`.execute(db)
  await sql`create index sessions_expiry_idx on sessions (expires_at)`.execute(db)
  await sql`create index sessions_user_idx on sessions (user_id)`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['sessions', 'user_grids', 'users', 'departments']) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db)
  }
}
