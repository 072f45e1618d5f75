import 'leaflet/dist/leaflet.css'
import { AttributionControl, MapContainer, TileLayer } from 'react-leaflet'
import type { GridCompliance, Station } from '../api/stations.ts'
import type { AppConfig, GridCollection } from '../api/types.ts'
import { GridShareLayer } from './grid-share-layer.tsx'
import { StationPins } from './station-pins.tsx'

interface ComplianceMapProps {
  config: AppConfig
  grids: GridCollection | null
  rollUp: GridCompliance[] | null
  stations: Station[] | null
  onOpen: (id: number) => void
  label: (station: Station) => string
}

/** The street with its communities or areas shaded by compliant share and every station as a coloured pin. */
export function ComplianceMap({ config, grids, rollUp, stations, onOpen, label }: ComplianceMapProps) {
  const { bounds, center } = config.street
  const view = bounds
    ? {
        bounds: [
          [bounds[1], bounds[0]],
          [bounds[3], bounds[2]],
        ] as [[number, number], [number, number]],
      }
    : { center: [center![1], center![0]] as [number, number], zoom: 14 }
  return (
    <MapContainer
      className="compliance-map"
      {...view}
      minZoom={11}
      maxZoom={19}
      attributionControl={false}
      data-testid="compliance-map"
    >
      <TileLayer url={config.tileUrl} attribution={config.tileAttribution} maxZoom={19} />
      <AttributionControl prefix='<a href="https://leafletjs.com">Leaflet</a>' />
      <GridShareLayer grids={grids} rollUp={rollUp} />
      <StationPins stations={stations} onOpen={onOpen} label={label} />
    </MapContainer>
  )
}
