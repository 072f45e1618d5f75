import 'leaflet/dist/leaflet.css'
import L from 'leaflet'
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { useAppConfig } from '../../config/app-config.tsx'

export interface PinMapProps {
  lng: number
  lat: number
  /** Metres; drawn as a circle while the position is the GPS's own. */
  accuracy: number | null
  onMove: (point: { lng: number; lat: number }) => void
}

// A CSS pin: Leaflet's default marker needs image files the bundler would have to be taught about.
const PIN = L.divIcon({ className: 'report-pin', html: '<span></span>', iconSize: [28, 28], iconAnchor: [14, 28] })

/**
 * The report's position on a small map: drag the pin, or tap where the problem is. Leaflet objects are created
 * once and moved imperatively when the position changes, as react-leaflet's own components do; without network
 * the basemap tiles fail quietly and the pin still moves.
 */
export default function PinMap({ lng, lat, accuracy, onMove }: PinMapProps) {
  const { t } = useTranslation()
  const { resource } = useAppConfig()
  const container = useRef<HTMLDivElement>(null)
  const parts = useRef<{ map: L.Map; marker: L.Marker; circle: L.Circle } | null>(null)
  const onMoveRef = useRef(onMove)
  useEffect(() => {
    onMoveRef.current = onMove
  })
  const tileUrl = resource.status === 'ready' ? resource.data.tileUrl : null
  // Read once, when the map is made; the effects below follow the props from then on.
  const initial = useRef({ lng, lat, accuracy, title: t('worker.location.pin') })

  useEffect(() => {
    if (!container.current) return
    const { lng, lat, accuracy, title } = initial.current
    const map = L.map(container.current, { zoomControl: true, attributionControl: false }).setView([lat, lng], 18)
    const marker = L.marker([lat, lng], { icon: PIN, draggable: true, autoPan: true, keyboard: true, title }).addTo(map)
    const circle = L.circle([lat, lng], {
      radius: accuracy ?? 0,
      color: '#0f5e6e',
      weight: 1,
      fillOpacity: 0.12,
      interactive: false,
    }).addTo(map)
    marker.on('dragend', () => {
      const at = marker.getLatLng()
      onMoveRef.current({ lng: at.lng, lat: at.lat })
    })
    map.on('click', (event: L.LeafletMouseEvent) => onMoveRef.current({ lng: event.latlng.lng, lat: event.latlng.lat }))
    parts.current = { map, marker, circle }
    return () => {
      map.remove()
      parts.current = null
    }
  }, [])

  useEffect(() => {
    if (!parts.current || !tileUrl) return
    const layer = L.tileLayer(tileUrl, { maxZoom: 19 }).addTo(parts.current.map)
    return () => {
      layer.remove()
    }
  }, [tileUrl])

  useEffect(() => {
    const current = parts.current
    if (!current) return
    current.marker.setLatLng([lat, lng])
    current.circle.setLatLng([lat, lng]).setRadius(accuracy ?? 0)
    if (!current.map.getBounds().pad(-0.2).contains([lat, lng])) current.map.panTo([lat, lng])
  }, [lng, lat, accuracy])

  return <div ref={container} className="pin-map" data-testid="pin-map" />
}
