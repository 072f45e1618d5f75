import { sql, type Kysely } from 'kysely'

/**
 * A version number for the grid tree, raised by every statement that changes `grids`: map tiles are cached by
 * (version, z, x, y), so a tree replaced by an import, or edited by hand in SQL, is never drawn from an old tile.
 *
 * A statement-level trigger rather than a call in the import: it catches every writer (the import, the seed, a
 * repair in psql) and costs one row update per statement, not per grid. The single row is read on each tile
 * request; a reader is never blocked by an import in progress, it sees the old version until the import commits.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table grid_tree_version (
      only_row boolean primary key default true check (only_row),
      version bigint not null
    )`.execute(db)
  await sql`insert into grid_tree_version (version) values (1)`.execute(db)
  await sql`
    create function bump_grid_tree_version() returns trigger language plpgsql as $$
    begin
      update grid_tree_version set version = version + 1;
      return null;
    end
    $$`.execute(db)
  await sql`
    create trigger grids_bump_tree_version
    after insert or update or delete or truncate on grids
    for each statement execute function bump_grid_tree_version()`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger if exists grids_bump_tree_version on grids`.execute(db)
  await sql`drop function if exists bump_grid_tree_version()`.execute(db)
  await sql`drop table if exists grid_tree_version`.execute(db)
}
