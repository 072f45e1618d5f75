import { sql, type Kysely } from 'kysely'

/**
 * Each grid's GeoJSON feature, pre-simplified for each map zoom: the map's layer is then a filter and a string
 * concatenation, not a thousand simplifications and serialisations per request.
 *
 * `refresh_grid_shapes` rebuilds them; the app calls it in every transaction that changes the tree, and this
 * migration calls it once so an existing tree gets its shapes. Per zoom z, the tolerance is a quarter of a screen
 * pixel (360° / 256 px / 2^z / 4) and coordinates keep about a tenth of a pixel (4 to 7 decimals).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table grid_shapes (
      zoom smallint not null,
      grid_id integer not null references grids (id) on delete cascade,
      feature text not null,
      primary key (zoom, grid_id)
    )`.execute(db)
  await sql`create index grid_shapes_grid_idx on grid_shapes (grid_id)`.execute(db)
  await sql`
    create function refresh_grid_shapes(min_zoom integer, max_zoom integer) returns void language sql as $$
      delete from grid_shapes;
      insert into grid_shapes (zoom, grid_id, feature)
      select z, g.id, json_build_object(
        'type', 'Feature',
        'id', g.id,
        'properties', json_build_object('id', g.id, 'code', g.code, 'level', g.level, 'name', g.name, 'parentId', g.parent_id),
        'geometry', ST_AsGeoJSON(
          ST_SimplifyPreserveTopology(g.geom, 360.0 / 256 / 2 ^ z / 4),
          least(7, greatest(4, ceil(log(256 * 2 ^ z * 10 / 360))))::int
        )::json
      )::text
      from grids g cross join generate_series(min_zoom, max_zoom) z;
    $$`.execute(db)
  await sql`select refresh_grid_shapes(12, 18)`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function if exists refresh_grid_shapes(integer, integer)`.execute(db)
  await sql`drop table if exists grid_shapes`.execute(db)
}
