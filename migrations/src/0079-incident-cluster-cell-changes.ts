import { sql, type Kysely } from 'kysely'
import { keepFinishedCellCounts } from './0078-incident-cluster-cells.ts'

/**
 * The open cases counted per map cell as well, and every count kept through a log of changes that is folded in.
 *
 * 0078 counted the finished cases per cell; the open ones were still counted case by case. A city keeps about
 * 48,000 cases open, and its view at zoom 11 took about 100 ms at the median that way (pnpm bench city), against a
 * budget of 100 ms at the 95th percentile. Here the open cases are counted under one key, 'open': the map's default
 * filter is every open state, and a step between open states (register, dispatch, handle…) then changes no count.
 * A view that asks for some open states only counts them case by case, as before. Whether a case is overdue depends
 * on the clock, so overdue cases are still counted case by case, from their own index (incidents_due_idx).
 *
 * A city files a report every few milliseconds at its peak, and each report counts in 19 cells, the coarse ones shared
 * by the whole city. Updated in place, those cells would make every report wait for the previous report's commit.
 * In place, one transaction that ends or reopens many cases also rewrites the same coarse cells once per case, each
 * time past all the versions it left there before: 2,000 cases in one update took 1.8 s, 8,000 took 32.7 s, and the
 * city bench's 48,000 ran for 20 minutes before it was stopped (appended: 0.4 s and 1.3 s; the 48,000 in 39 s).
 * So the triggers append each statement's changes to incident_cluster_cell_changes, where no writer waits for
 * another. incident_cluster_cells_fold() moves them into the cells (the API does so every second:
 * cluster-cells-folder.ts). A read adds the cells and the changes not yet folded in one statement, so it always sees
 * a consistent count, whether a fold has run or not.
 */
const TERMINAL = sql`('closed', 'rejected')`

/** The finest zoom counted, as in 0078. */
const CLUSTER_CELLS_MAX_ZOOM = 18

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger incident_cluster_cells_changed on incidents`.execute(db)
  await sql`drop trigger incident_cluster_cells_deleted on incidents`.execute(db)
  await sql`drop trigger incident_cluster_cells_inserted on incidents`.execute(db)
  await sql`drop function incident_cluster_cells_recount, incident_cluster_cells_changed, incident_cluster_cells_deleted, incident_cluster_cells_inserted`.execute(
    db,
  )

  // A case's key among the counts: its own state once finished, 'open' for every open state.
  await sql`
    create function incident_cluster_key(status text) returns text language sql immutable parallel safe as $$
      select case when status in ${TERMINAL} then status else 'open' end
    $$`.execute(db)

  // No key and no index: rows only arrive and leave, and a read scans the few seconds' worth between two folds.
  await sql`
    create table incident_cluster_cell_changes (
      zoom smallint not null,
      status text not null,
      x int not null,
      y int not null,
      count int not null,
      lng_sum float8 not null,
      lat_sum float8 not null
    )`.execute(db)

  // One statement's cases added (sign 1) or taken away (-1), summed per cell of every zoom.
  const changeFrom = (rows: string, sign: number) => sql`
    insert into incident_cluster_cell_changes (zoom, status, x, y, count, lng_sum, lat_sum)
    select z, incident_cluster_key(r.status), map_cell_x(ST_X(r.location), z), map_cell_y(ST_Y(r.location), z),
      ${sql.lit(sign)} * count(*), ${sql.lit(sign)} * sum(ST_X(r.location)), ${sql.lit(sign)} * sum(ST_Y(r.location))
    from ${sql.raw(rows)} r cross join generate_series(0, ${sql.lit(CLUSTER_CELLS_MAX_ZOOM)}) z
    where r.location is not null
    group by 1, 2, 3, 4`
  await sql`
    create function incident_cluster_cells_inserted() returns trigger language plpgsql as $$
    begin
      ${changeFrom('inserted_rows', 1)};
      return null;
    end $$`.execute(db)
  await sql`
    create function incident_cluster_cells_deleted() returns trigger language plpgsql as $$
    begin
      ${changeFrom('deleted_rows', -1)};
      return null;
    end $$`.execute(db)
  await sql`
    create function incident_cluster_cells_changed() returns trigger language plpgsql as $$
    begin
      ${changeFrom('(select old.status, old.location)', -1)};
      ${changeFrom('(select new.status, new.location)', 1)};
      return null;
    end $$`.execute(db)
  await sql`
    create trigger incident_cluster_cells_inserted after insert on incidents
    referencing new table as inserted_rows for each statement
    execute function incident_cluster_cells_inserted()`.execute(db)
  await sql`
    create trigger incident_cluster_cells_deleted after delete on incidents
    referencing old table as deleted_rows for each statement
    execute function incident_cluster_cells_deleted()`.execute(db)
  // A step between two open states changes no key and no place: no trigger at all.
  await sql`
    create trigger incident_cluster_cells_changed after update of status, location on incidents
    for each row when (incident_cluster_key(old.status) is distinct from incident_cluster_key(new.status)
      or old.location is distinct from new.location)
    execute function incident_cluster_cells_changed()`.execute(db)

  // The changes moved into the cells, summed per cell, in key order so that two folds lock shared cells in the same
  // order. Two folds at once each take the changes the other has not: a deleted row is not deleted twice. Returns
  // how many changes it moved.
  await sql`
    create function incident_cluster_cells_fold() returns int language sql as $$
      with folded as (delete from incident_cluster_cell_changes returning *),
      added as (
        insert into incident_cluster_cells as c (zoom, status, x, y, count, lng_sum, lat_sum)
        select zoom, status, x, y, sum(count), sum(lng_sum), sum(lat_sum) from folded
        group by 1, 2, 3, 4
        order by 1, 2, 3, 4
        on conflict (zoom, status, x, y) do update set count = c.count + excluded.count,
          lng_sum = c.lng_sum + excluded.lng_sum, lat_sum = c.lat_sum + excluded.lat_sum
      )
      select count(*)::int from folded
    $$`.execute(db)

  // Every count from the cases (see 0078's recount), now with the open ones, and no change left to fold.
  const max = sql.lit(CLUSTER_CELLS_MAX_ZOOM)
  await sql`
    create function incident_cluster_cells_recount() returns void language plpgsql as $$
    begin
      delete from incident_cluster_cell_changes;
      delete from incident_cluster_cells;
      insert into incident_cluster_cells (zoom, status, x, y, count, lng_sum, lat_sum)
      select ${max}, incident_cluster_key(status), map_cell_x(ST_X(location), ${max}),
        map_cell_y(ST_Y(location), ${max}), count(*), sum(ST_X(location)), sum(ST_Y(location))
      from incidents where location is not null
      group by 2, 3, 4;
      for z in reverse ${sql.lit(CLUSTER_CELLS_MAX_ZOOM - 1)}..0 loop
        insert into incident_cluster_cells (zoom, status, x, y, count, lng_sum, lat_sum)
        select z, status, x / 2, y / 2, sum(count), sum(lng_sum), sum(lat_sum)
        from incident_cluster_cells where zoom = z + 1 and count <> 0
        group by 2, 3, 4;
      end loop;
    end $$`.execute(db)
  await sql`select incident_cluster_cells_recount()`.execute(db)
  await sql`analyze incident_cluster_cells`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger incident_cluster_cells_changed on incidents`.execute(db)
  await sql`drop trigger incident_cluster_cells_deleted on incidents`.execute(db)
  await sql`drop trigger incident_cluster_cells_inserted on incidents`.execute(db)
  await sql`drop function incident_cluster_cells_recount, incident_cluster_cells_fold, incident_cluster_cells_changed, incident_cluster_cells_deleted, incident_cluster_cells_inserted`.execute(
    db,
  )
  await sql`drop table incident_cluster_cell_changes`.execute(db)
  await sql`drop function incident_cluster_key`.execute(db)
  await keepFinishedCellCounts(db)
  await sql`select incident_cluster_cells_recount()`.execute(db)
}
