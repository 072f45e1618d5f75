import { sql, type Kysely } from 'kysely'

/**
 * Routing rules (issue 19): a sub-category (or its group, or any) in a grid subtree (or the whole street) goes to a
 * department or to the grid's own worker; with `auto_dispatch` the system registers and dispatches a matching report
 * at once. The most specific rule wins (deeper grid first, then sub-category over group over any), so one
 * (category, grid) pair holds at most one rule.
 *
 * The actor of the steps nobody took by hand (an automatic dispatch, a ladder's notice) is the system account
 * `系统`, made on first use (apps/api/src/plugins/app/escalation/system-user.ts), not here: the seed fills only an
 * empty users table.
 *
 * The report path is untouched: no trigger, no index on `incidents`. Automatic dispatch runs right after a report
 * commits (see apps/api/src/plugins/app/routing/).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table routing_rules (
      id integer generated always as identity primary key,
      category_id integer references categories (id) on delete cascade,
      grid_id integer references grids (id) on delete cascade,
      target text not null check (target in ('department', 'grid_worker')),
      department_id integer references departments (id),
      auto_dispatch boolean not null default false,
      note text not null default '' check (length(note) <= 200),
      updated_by integer not null references users (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint routing_rules_department_check check ((target = 'department') = (department_id is not null))
    )`.execute(db)
  // One rule per (category, grid); "any" is null on either side, and two nulls are the same pair.
  await sql`
    create unique index routing_rules_pair_idx
    on routing_rules (coalesce(category_id, 0), coalesce(grid_id, 0))`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table routing_rules`.execute(db)
}
