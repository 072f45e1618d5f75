/** The zoom range of every map: 11 shows the district around the street, 19 a few houses. */
export const MAP_MIN_ZOOM = 11
export const MAP_MAX_ZOOM = 19
