import { sql, type Kysely } from 'kysely'

/**
 * The grid's base data (一标三实): buildings, houses, residents, organisations and visits, in a schema of their own
 * so that the most sensitive tables of the platform are one `registry.*` to grant, back up or audit.
 *
 * Every record carries its grid chain (l1, l2, l3) like an incident: the unit grid is found once from the record's
 * point when it is written, and scope checks are then three integer comparisons on indexed columns.
 *
 * ID numbers and phones are never stored in clear: `*_cipher` is AES-256-GCM (iv ‖ tag ‖ ciphertext) under a key
 * the database never sees (DATA_KEY), `*_hmac` is HMAC-SHA-256 under a second key derived from it, for exact
 * lookup and the natural key of an import, and `*_masked` is what lists show (370705********1234, 138****1234).
 * The checks below refuse a clear value in the masked columns, so a bug that writes one fails loudly.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create schema registry`.execute(db)
  await sql`
    create table registry.buildings (
      id integer generated always as identity primary key,
      name text not null check (length(name) between 1 and 100),
      address text not null unique check (length(address) between 1 and 200),
      use text not null check (use in ('residential', 'commercial', 'mixed', 'public')),
      floors smallint not null check (floors between 1 and 200),
      units smallint not null check (units between 1 and 50),
      location geometry(Point, 4326) not null,
      footprint geometry(Polygon, 4326),
      grid_l1_id integer not null references grids (id),
      grid_l2_id integer not null references grids (id),
      grid_l3_id integer not null references grids (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db)
  await sql`create index buildings_location_gist on registry.buildings using gist (location)`.execute(db)
  await sql`create index buildings_grid_idx on registry.buildings (grid_l3_id, id)`.execute(db)
  await sql`
    create table registry.houses (
      id integer generated always as identity primary key,
      building_id integer not null references registry.buildings (id),
      unit smallint not null check (unit between 1 and 50),
      floor smallint not null check (floor between -5 and 200),
      number text not null check (length(number) between 1 and 20),
      address text not null unique check (length(address) between 1 and 200),
      use text not null check (use in ('residential', 'commercial', 'office', 'other')),
      area_m2 numeric(8, 2) not null check (area_m2 > 0 and area_m2 < 100000),
      occupancy text not null check (occupancy in ('owner_occupied', 'rented', 'vacant')),
      grid_l1_id integer not null references grids (id),
      grid_l2_id integer not null references grids (id),
      grid_l3_id integer not null references grids (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (building_id, unit, number)
    )`.execute(db)
  await sql`create index houses_grid_idx on registry.houses (grid_l3_id, id)`.execute(db)
  await sql`create index houses_building_idx on registry.houses (building_id)`.execute(db)
  await sql`
    create table registry.residents (
      id integer generated always as identity primary key,
      name text not null check (length(name) between 1 and 50),
      id_number_cipher bytea not null,
      id_number_hmac bytea not null unique,
      id_number_masked text not null check (id_number_masked ~ '^[0-9]{6}\\*{8}[0-9]{3}[0-9X]$'),
      phone_cipher bytea,
      phone_hmac bytea,
      phone_masked text check (phone_masked ~ '^1[0-9]{2}\\*{4}[0-9]{4}$'),
      sex text not null check (sex in ('male', 'female')),
      birth_date date not null,
      hukou_here boolean not null,
      house_id integer references registry.houses (id),
      relation text not null check (relation in ('head', 'spouse', 'child', 'parent', 'grandchild', 'other')),
      tags text[] not null default '{}',
      focus_category text check (length(focus_category) between 1 and 50),
      grid_l1_id integer not null references grids (id),
      grid_l2_id integer not null references grids (id),
      grid_l3_id integer not null references grids (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((phone_cipher is null) = (phone_hmac is null) and (phone_hmac is null) = (phone_masked is null)),
      check ((focus_category is not null) = ('重点人员' = any(tags)))
    )`.execute(db)
  await sql`create index residents_grid_idx on registry.residents (grid_l3_id, id)`.execute(db)
  await sql`create index residents_house_idx on registry.residents (house_id)`.execute(db)
  await sql`create index residents_phone_hmac_idx on registry.residents (phone_hmac)`.execute(db)
  await sql`create index residents_tags_gin on registry.residents using gin (tags)`.execute(db)
  await sql`create index residents_name_pattern on registry.residents (name text_pattern_ops)`.execute(db)
  await sql`
    create table registry.organisations (
      id integer generated always as identity primary key,
      name text not null check (length(name) between 1 and 100),
      kind text not null check (kind in ('enterprise', 'shop', 'school', 'medical', 'social_organisation',
        'cultural_team', 'party_organisation')),
      credit_code text unique check (credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$'),
      address text not null check (length(address) between 1 and 200),
      location geometry(Point, 4326) not null,
      contact_name text check (length(contact_name) between 1 and 50),
      contact_phone_cipher bytea,
      contact_phone_hmac bytea,
      contact_phone_masked text check (contact_phone_masked ~ '^1[0-9]{2}\\*{4}[0-9]{4}$'),
      building_id integer references registry.buildings (id),
      house_id integer references registry.houses (id),
      grid_l1_id integer not null references grids (id),
      grid_l2_id integer not null references grids (id),
      grid_l3_id integer not null references grids (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (name, address)
    )`.execute(db)
  await sql`create index organisations_grid_idx on registry.organisations (grid_l3_id, id)`.execute(db)
  await sql`create index organisations_community_idx on registry.organisations (grid_l1_id, kind)`.execute(db)
  await sql`create index organisations_location_gist on registry.organisations using gist (location)`.execute(db)
  await sql`
    create table registry.organisation_members (
      organisation_id integer not null references registry.organisations (id) on delete cascade,
      resident_id integer not null references registry.residents (id),
      role text not null default 'member' check (role in ('leader', 'member')),
      joined_on date not null default current_date,
      primary key (organisation_id, resident_id)
    )`.execute(db)
  await sql`
    create table registry.visits (
      id bigint generated always as identity primary key,
      client_id uuid not null,
      worker_id integer not null references users (id),
      house_id integer references registry.houses (id),
      resident_id integer references registry.residents (id),
      organisation_id integer references registry.organisations (id),
      visited_at timestamptz not null,
      recorded_at timestamptz not null default now(),
      notes text not null check (length(notes) <= 2000),
      problem text check (length(problem) between 1 and 1000),
      incident_id bigint references incidents (id),
      location geometry(Point, 4326),
      accuracy_m real check (accuracy_m >= 0),
      grid_l1_id integer not null references grids (id),
      grid_l2_id integer not null references grids (id),
      grid_l3_id integer not null references grids (id),
      unique (worker_id, client_id),
      check (num_nonnulls(house_id, resident_id, organisation_id) = 1)
    )`.execute(db)
  await sql`create index visits_grid_idx on registry.visits (grid_l3_id, visited_at desc)`.execute(db)
  await sql`create index visits_house_idx on registry.visits (house_id, visited_at desc)`.execute(db)
  await sql`
    create table registry.visit_photos (
      visit_id bigint not null references registry.visits (id),
      position smallint not null,
      photo_sha256 text not null references photos (sha256),
      primary key (visit_id, position)
    )`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop schema if exists registry cascade`.execute(db)
}
