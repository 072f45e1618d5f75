import { sql, type Kysely } from 'kysely'

/**
 * Each grid's GeoJSON feature, pre-simplified for each map zoom: the map's layer is then a filter and a string
 * concatenation, not 1,000 simplifications and serialisations per request. Rebuilt whenever the tree changes.
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
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists grid_shapes`.execute(db)
}
