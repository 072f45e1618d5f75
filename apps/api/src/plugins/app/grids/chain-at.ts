// The unit grid under a point and its two ancestors, as one row: `chain` (three GridRefs, level 1 first, as JSON)
// and the three ids. A point on a shared edge belongs to the grid with the lower code. Split around the point so
// that the same text serves as a prepared statement ($1, $2) and inside another statement (the reports' filing).
const BEFORE_POINT = `
  select json_build_array(
    json_build_object('id', g1.id, 'code', g1.code, 'level', g1.level, 'name', g1.name),
    json_build_object('id', g2.id, 'code', g2.code, 'level', g2.level, 'name', g2.name),
    json_build_object('id', g3.id, 'code', g3.code, 'level', g3.level, 'name', g3.name)
  ) as chain, g1.id as l1_id, g2.id as l2_id, g3.id as l3_id
  from grids g3
  join grids g2 on g2.id = g3.parent_id
  join grids g1 on g1.id = g2.parent_id
  where g3.level = 3 and ST_Intersects(g3.geom, ST_SetSRID(ST_MakePoint(`
const AFTER_POINT = `), 4326))
  order by g3.code
  limit 1`

/** The lookup with SQL expressions of type float8 for the point's longitude and latitude. */
export function chainAtSql(lng: string, lat: string): string {
  return `${BEFORE_POINT}${lng}, ${lat}${AFTER_POINT}`
}

export const CHAIN_AT_SQL = chainAtSql('$1::float8', '$2::float8')
