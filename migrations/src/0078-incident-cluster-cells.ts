import { sql, type Kysely } from 'kysely'

/**
 * The map's cluster cells, and the closed and rejected cases counted per cell at every zoom the live map clusters.
 *
 * A cluster cell at zoom z is a Web Mercator tile of zoom z + 2: 64 screen pixels square, a quarter of a 256-pixel
 * tile's side, so a cell splits into four at the next zoom and the counts of one zoom are the sums of the next's.
 * `map_cell_x` / `map_cell_y` give a point's cell, `map_cell_lng` / `map_cell_lat` a cell's west and north edges.
 *
 * At ten million cases, a street's view of every status at zoom 15 holds 276,000 cases, and counting them row by
 * row took 605 ms at the median (pnpm bench city). Nearly all of them are history: a closed or rejected case never
 * changes again (workflow: terminal states), so its cell at every zoom can be counted once, when it ends, and a view
 * reads a few hundred cells instead of its cases. The open cases stay counted row by row from their own index (0076).
 *
 * Kept by triggers, in the transaction that changes the case: inserts and deletes per statement (the seed writes
 * thousands of finished cases in one), status or location changes per row, only when one side is terminal. Cells of
 * the coarse zooms are shared by a whole city, so two transactions ending cases wait for each other's commit there;
 * cases end a few thousand times a day. A cell emptied by a delete keeps its row at count 0.
 */
const TERMINAL = sql`('closed', 'rejected')`

/** The finest zoom counted: past it a view holds few enough cases to count them row by row (a zoom-19 view, ~1,600). */
const CLUSTER_CELLS_MAX_ZOOM = 18

export async function up(db: Kysely<unknown>): Promise<void> {
  // The tile numbering of zoom z + 2; latitudes clamped to Web Mercator's ±85.0511°, the east edge to the last cell.
  await sql`
    create function map_cell_x(lng float8, zoom int) returns int language sql immutable parallel safe as $$
      select least(floor((lng + 180) / 360 * 2 ^ (zoom + 2)), 2 ^ (zoom + 2) - 1)::int
    $$`.execute(db)
  await sql`
    create function map_cell_y(lat float8, zoom int) returns int language sql immutable parallel safe as $$
      select least(greatest(floor(
        (1 - ln(tan(radians(least(greatest(lat, -85.0511), 85.0511))) + 1 / cos(radians(least(greatest(lat, -85.0511), 85.0511)))) / pi())
        / 2 * 2 ^ (zoom + 2)), 0), 2 ^ (zoom + 2) - 1)::int
    $$`.execute(db)
  await sql`
    create function map_cell_lng(x int, zoom int) returns float8 language sql immutable parallel safe as $$
      select x / 2 ^ (zoom + 2) * 360 - 180
    $$`.execute(db)
  await sql`
    create function map_cell_lat(y int, zoom int) returns float8 language sql immutable parallel safe as $$
      select degrees(atan(sinh(pi() * (1 - 2 * y / 2 ^ (zoom + 2)))))
    $$`.execute(db)

  await sql`
    create table incident_cluster_cells (
      zoom smallint not null,
      status text not null,
      x int not null,
      y int not null,
      count int not null,
      lng_sum float8 not null,
      lat_sum float8 not null,
      primary key (zoom, status, x, y)
    )`.execute(db)
  await keepFinishedCellCounts(db)
  await sql`select incident_cluster_cells_recount()`.execute(db)
  await sql`analyze incident_cluster_cells`.execute(db)
}

/**
 * This migration's triggers and recount, which count the finished cases only; exported for 0079's way down, which
 * puts them back in place of its own.
 */
export async function keepFinishedCellCounts(db: Kysely<unknown>): Promise<void> {
  // One statement's finished cases added (sign 1) or taken away (-1), cell by cell, in key order so that two
  // statements lock shared cells in the same order.
  const changeFrom = (rows: string, sign: number) => sql`
    insert into incident_cluster_cells as c (zoom, status, x, y, count, lng_sum, lat_sum)
    select z, r.status, map_cell_x(ST_X(r.location), z), map_cell_y(ST_Y(r.location), z),
      ${sql.lit(sign)} * count(*), ${sql.lit(sign)} * sum(ST_X(r.location)), ${sql.lit(sign)} * sum(ST_Y(r.location))
    from ${sql.raw(rows)} r cross join generate_series(0, ${sql.lit(CLUSTER_CELLS_MAX_ZOOM)}) z
    where r.status in ${TERMINAL} and r.location is not null
    group by 1, 2, 3, 4
    order by 1, 2, 3, 4
    on conflict (zoom, status, x, y) do update set count = c.count + excluded.count,
      lng_sum = c.lng_sum + excluded.lng_sum, lat_sum = c.lat_sum + excluded.lat_sum`
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
      if old.status in ${TERMINAL} then
        ${changeFrom('(select old.status, old.location)', -1)};
      end if;
      if new.status in ${TERMINAL} then
        ${changeFrom('(select new.status, new.location)', 1)};
      end if;
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
  await sql`
    create trigger incident_cluster_cells_changed after update of status, location on incidents
    for each row when ((old.status in ${TERMINAL} or new.status in ${TERMINAL})
      and (old.status is distinct from new.status or old.location is distinct from new.location))
    execute function incident_cluster_cells_changed()`.execute(db)

  // The counts recounted from the cases: the finest zoom from the cases, each coarser one from the zoom below it. For
  // this migration's start, and after any bulk change made with triggers off (session_replication_role = replica: the
  // city bench's fill, a test's clean-up of its own rows).
  const max = sql.lit(CLUSTER_CELLS_MAX_ZOOM)
  await sql`
    create function incident_cluster_cells_recount() returns void language plpgsql as $$
    begin
      delete from incident_cluster_cells;
      insert into incident_cluster_cells (zoom, status, x, y, count, lng_sum, lat_sum)
      select ${max}, status, map_cell_x(ST_X(location), ${max}), map_cell_y(ST_Y(location), ${max}),
        count(*), sum(ST_X(location)), sum(ST_Y(location))
      from incidents where status in ${TERMINAL} and location is not null
      group by 2, 3, 4;
      for z in reverse ${sql.lit(CLUSTER_CELLS_MAX_ZOOM - 1)}..0 loop
        insert into incident_cluster_cells (zoom, status, x, y, count, lng_sum, lat_sum)
        select z, status, x / 2, y / 2, sum(count), sum(lng_sum), sum(lat_sum)
        from incident_cluster_cells where zoom = z + 1 and count <> 0
        group by 2, 3, 4;
      end loop;
    end $$`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger incident_cluster_cells_changed on incidents`.execute(db)
  await sql`drop trigger incident_cluster_cells_deleted on incidents`.execute(db)
  await sql`drop trigger incident_cluster_cells_inserted on incidents`.execute(db)
  await sql`drop function incident_cluster_cells_recount, incident_cluster_cells_changed, incident_cluster_cells_deleted, incident_cluster_cells_inserted`.execute(
    db,
  )
  await sql`drop table incident_cluster_cells`.execute(db)
  await sql`drop function map_cell_x, map_cell_y, map_cell_lng, map_cell_lat`.execute(db)
}
