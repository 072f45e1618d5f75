import type L from 'leaflet'

/**
 * A map pane of our own, created on first use: layers in different panes never cover each other by accident, and
 * their order is set once here. Leaflet's own: overlays (grids) 400, markers 600, tooltips 650.
 */
const PANES = {
  /** The grid cells' canvas tiles: above the basemap (tile pane, 200), under every overlay and marker. */
  gridCells: 350,
  /** Grid names, under every marker and never in the way of a click. */
  gridLabels: 450,
  /** On-duty workers, under the incidents, so a case is never hidden by a worker's badge. */
  workers: 580,
} as const

export function paneOf(map: L.Map, name: keyof typeof PANES): string {
  if (!map.getPane(name)) {
    const pane = map.createPane(name)
    pane.style.zIndex = String(PANES[name])
  }
  return name
}
