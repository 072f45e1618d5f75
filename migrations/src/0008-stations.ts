import { sql, type Kysely } from 'kysely'

const ITEMS = `('funding', 'venue', 'rules', 'staffing', 'signage', 'commitment')`

/**
 * Service stations and their six-haves audits (六有). An audit is evidence reported upward, so it is immutable once
 * written: triggers refuse UPDATE and DELETE on the audit, its items and its photos, and a correction is a new
 * audit. Rectification tasks are the one thing that changes: a later passing audit closes them. The item and
 * type lists mirror @wangge/stations; the rules themselves (score, compliance, due) live there.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table stations (
      id integer generated always as identity primary key,
      name text not null check (length(name) between 1 and 100),
      type text not null check (type in ('community_work_station', 'grid_service_station', 'service_point')),
      grid_id integer not null references grids (id),
      location geometry(Point, 4326) not null,
      address text not null check (length(address) between 1 and 200),
      contact_name text not null check (length(contact_name) between 1 and 50),
      contact_phone text not null check (contact_phone ~ '^[0-9-]{7,20}$'),
      opening_hours text not null check (length(opening_hours) between 1 and 100),
      active boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db)
  await sql`create index stations_location_gist on stations using gist (location)`.execute(db)
  await sql`create index stations_grid_idx on stations (grid_id)`.execute(db)
  await sql`
    create table station_audits (
      id bigint generated always as identity primary key,
      client_id uuid not null unique,
      station_id integer not null references stations (id),
      auditor_id integer not null references users (id),
      at timestamptz not null default now(),
      location geometry(Point, 4326) not null,
      accuracy_m real check (accuracy_m >= 0),
      distance_m real not null check (distance_m >= 0),
      off_site boolean not null,
      score smallint not null check (score between 0 and 100),
      passed_all boolean not null,
      note text check (length(note) <= 2000)
    )`.execute(db)
  await sql`create index station_audits_station_idx on station_audits (station_id, at desc, id desc)`.execute(db)
  await sql`
    create table station_audit_items (
      audit_id bigint not null references station_audits (id),
      item text not null check (item in ${sql.raw(ITEMS)}),
      passed boolean not null,
      deduction smallint not null check (deduction >= 0 and (passed or deduction > 0)),
      note text check (length(note) <= 500),
      primary key (audit_id, item)
    )`.execute(db)
  await sql`
    create table station_audit_photos (
      audit_id bigint not null references station_audits (id),
      item text not null check (item in ${sql.raw(ITEMS)}),
      position smallint not null,
      photo_sha256 text not null references photos (sha256),
      primary key (audit_id, item, position)
    )`.execute(db)
  await sql`
    create table station_rectifications (
      id bigint generated always as identity primary key,
      station_id integer not null references stations (id),
      item text not null check (item in ${sql.raw(ITEMS)}),
      opened_by_audit_id bigint not null references station_audits (id),
      due_on date not null,
      closed_by_audit_id bigint references station_audits (id),
      closed_at timestamptz,
      check ((closed_by_audit_id is null) = (closed_at is null))
    )`.execute(db)
  // One open task per station and item: the first deadline stands until the item passes.
  await sql`create unique index station_rectifications_open_idx on station_rectifications (station_id, item) where closed_by_audit_id is null`.execute(
    db,
  )
  await sql`
    create function station_audit_is_immutable() returns trigger language plpgsql as $$
    begin
      raise exception '% is immutable: % refused (a correction is a new audit)', tg_table_name, tg_op using errcode = 'insufficient_privilege';
    end
    $$`.execute(db)
  for (const table of ['station_audits', 'station_audit_items', 'station_audit_photos']) {
    await sql`
      create trigger ${sql.id(`${table}_immutable`)} before update or delete on ${sql.table(table)}
      for each row execute function station_audit_is_immutable()`.execute(db)
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'station_rectifications',
    'station_audit_photos',
    'station_audit_items',
    'station_audits',
    'stations',
  ]) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db)
  }
  await sql`drop function if exists station_audit_is_immutable()`.execute(db)
}
