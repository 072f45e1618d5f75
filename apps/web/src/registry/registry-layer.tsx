import L from 'leaflet'
import { useEffect, useState } from 'react'
import { useMap } from 'react-leaflet'
import { useLayerGroup } from '../map/use-layer-group.ts'
import { useRegistryLayers } from './registry-api.ts'

/** Below this zoom a viewport holds hundreds of buildings: the layers wait until the user is close enough. */
const MIN_ZOOM = 15

/** The building (grey squares) and organisation (coloured dots, by kind) layers for the visible part of the map. */
export function RegistryLayer() {
  const map = useMap()
  const groupRef = useLayerGroup(map)
  const [bbox, setBbox] = useState<string | null>(null)
  useEffect(() => {
    const update = () => {
      if (map.getZoom() < MIN_ZOOM) return setBbox(null)
      const b = map.getBounds()
      setBbox([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((n) => n.toFixed(5)).join(','))
    }
    update()
    map.on('moveend', update)
    return () => {
      map.off('moveend', update)
    }
  }, [map])
  const layers = useRegistryLayers(bbox)
  useEffect(() => {
    const group = groupRef.current
    if (!group) return
    group.clearLayers()
    if (!bbox || !layers.data) return
    for (const b of layers.data.buildings) {
      group.addLayer(
        L.circleMarker([b.location.lat, b.location.lng], {
          radius: 5,
          color: '#4a5568',
          weight: 1,
          fillColor: b.use === 'commercial' ? '#805ad5' : '#a0aec0',
          fillOpacity: 0.9,
        }).bindTooltip(b.name === '1号楼' ? b.address : b.name),
      )
    }
    for (const o of layers.data.organisations) {
      group.addLayer(
        L.circleMarker([o.location.lat, o.location.lng], {
          radius: 4,
          color: '#fff',
          weight: 1,
          fillColor: KIND_COLOURS[o.kind] ?? '#dd6b20',
          fillOpacity: 1,
        }).bindTooltip(o.name),
      )
    }
  }, [groupRef, bbox, layers.data])
  return null
}

const KIND_COLOURS: Record<string, string> = {
  social_organisation: '#38a169',
  cultural_team: '#d53f8c',
  party_organisation: '#e53e3e',
  school: '#3182ce',
  medical: '#00b5d8',
}
