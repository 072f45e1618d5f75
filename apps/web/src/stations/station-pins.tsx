import L from 'leaflet'
import { useEffect, useRef } from 'react'
import { useMap } from 'react-leaflet'
import { useLayerGroup } from '../map/use-layer-group.ts'
import type { Station } from '../api/stations.ts'
import { stationMark } from './station-status.ts'

interface StationPinsProps {
  stations: Station[] | null
  onOpen: (id: number) => void
  label: (station: Station) => string
}

/**
 * Stations as small DOM pins coloured by their mark (compliant, failing, due). DOM rather than canvas: there are
 * few of them, they must be clickable and focusable, and their state is readable by assistive technology (and tests).
 */
export function StationPins({ stations, onOpen, label }: StationPinsProps) {
  const map = useMap()
  const groupRef = useLayerGroup(map)
  const onOpenRef = useRef(onOpen)
  const labelRef = useRef(label)
  useEffect(() => {
    onOpenRef.current = onOpen
    labelRef.current = label
  })

  useEffect(() => {
    const group = groupRef.current
    if (!group) return
    group.clearLayers()
    for (const station of stations ?? []) {
      const mark = stationMark(station)
      const text = labelRef.current(station)
      const marker = L.marker([station.location.lat, station.location.lng], {
        icon: L.divIcon({
          className: `station-pin station-pin-${mark}`,
          iconSize: station.grid.level === 1 ? [20, 20] : [14, 14],
        }),
        title: text,
        alt: text,
        keyboard: true,
        riseOnHover: true,
      })
      marker.on('click', () => onOpenRef.current(station.id))
      marker.on('add', () => {
        const element = marker.getElement()
        element?.setAttribute('data-station-id', String(station.id))
        element?.setAttribute('data-status', mark)
        element?.setAttribute('role', 'link')
      })
      group.addLayer(marker)
    }
  }, [groupRef, stations])

  return null
}
