import { sql, type Kysely } from 'kysely'

/**
 * The grid tree. A child's level is its parent's plus one, enforced declaratively: `parent_level` is derived
 * from `level`, and (parent_id, parent_level) must name an existing (id, level).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create extension if not exists postgis`.execute(db)
  await sql`
    create table grids (
      id integer generated always as identity primary key,
      level smallint not null check (level between 1 and 3),
      code text not null unique,
      name text not null check (length(name) between 1 and 100),
      parent_id integer,
      parent_level smallint generated always as (case when level > 1 then level - 1 end) stored,
      geom geometry(MultiPolygon, 4326) not null,
      area_m2 double precision not null check (area_m2 > 0),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint grids_id_level_unique unique (id, level),
      constraint grids_parent_fk foreign key (parent_id, parent_level) references grids (id, level) on delete cascade,
      constraint grids_root_has_no_parent check ((level = 1) = (parent_id is null)),
      constraint grids_code_format check (
        code ~ '^[0-9]+$' and length(code) = case level when 1 then 12 when 2 then 14 else 15 end
      )
    )`.execute(db)
  await sql`create index grids_geom_gist on grids using gist (geom)`.execute(db)
  await sql`create index grids_level_idx on grids (level, code)`.execute(db)
  await sql`create index grids_parent_idx on grids (parent_id)`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists grids`.execute(db)
}
