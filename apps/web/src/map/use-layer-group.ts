import L from 'leaflet'
import { useEffect, useRef, type RefObject } from 'react'

/**
 * A layer group on the map for as long as the component is mounted: markers that are redrawn wholesale (incidents,
 * workers, stations) clear it and add their layers again. Null before the first effect and after unmount.
 */
export function useLayerGroup(map: L.Map): RefObject<L.LayerGroup | null> {
  const groupRef = useRef<L.LayerGroup | null>(null)
  useEffect(() => {
    const group = L.layerGroup().addTo(map)
    groupRef.current = group
    return () => {
      group.remove()
      groupRef.current = null
    }
  }, [map])
  return groupRef
}
