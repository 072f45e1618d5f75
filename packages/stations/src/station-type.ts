/** A grid level (1 community, 2 area, 3 unit grid), as in @wangge/grid; kept local so this package has no dependencies. */
type GridLevel = 1 | 2 | 3

/**
 * What a station is follows from the level of the grid it serves: the community work station (社区工作站) of a
 * level-1 grid, the grid service station (网格服务站) of a level-2 grid, a service point (服务点) in a unit grid.
 */
export const STATION_TYPES = [
  { code: 'community_work_station', level: 1, name: '社区工作站', nameEn: 'Community work station' },
  { code: 'grid_service_station', level: 2, name: '网格服务站', nameEn: 'Grid service station' },
  { code: 'service_point', level: 3, name: '服务点', nameEn: 'Service point' },
] as const

export type StationType = (typeof STATION_TYPES)[number]['code']

export const STATION_TYPE_CODES: readonly StationType[] = STATION_TYPES.map((t) => t.code)

export function stationTypeForLevel(level: GridLevel): StationType {
  return STATION_TYPES.find((t) => t.level === level)!.code
}

export function levelOfStationType(type: StationType): GridLevel {
  return STATION_TYPES.find((t) => t.code === type)!.level
}
