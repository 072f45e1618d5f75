import { Type, type Static } from '@sinclair/typebox'

/** What the web app needs to know at run time: the basemap and where the street is (null before grids are imported). */
export const ClientConfig = Type.Object({
  tileUrl: Type.String(),
  tileAttribution: Type.String(),
  street: Type.Object({
    name: Type.String(),
    /** [lng, lat] in WGS-84 — the GeoJSON order, the reverse of Leaflet's. */
    center: Type.Union([Type.Tuple([Type.Number(), Type.Number()]), Type.Null()]),
    /** [minLng, minLat, maxLng, maxLat]. */
    bounds: Type.Union([Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number()]), Type.Null()]),
  }),
})
export type ClientConfig = Static<typeof ClientConfig>
