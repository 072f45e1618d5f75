import type { GridScope } from '../accounts/grid-scope.ts'

/**
 * Socket.io rooms: one per grid (any level) and one for the street-wide roles. A socket joins the rooms of its
 * scope's roots; an event goes to the rooms of its three grids and the street's. A socket in several of those
 * rooms still gets the event once (socket.io sends a broadcast to the union of its rooms).
 */
export const STREET_ROOM = 'street'
export const gridRoom = (gridId: number): string => `grid:${gridId}`

/** Every socket of one session, and of one user: what signing out or changing a user must reach. */
export const sessionRoom = (sessionId: string): string => `session:${sessionId}`
export const userRoom = (userId: number): string => `user:${userId}`

export function roomsOfScope(scope: GridScope): string[] {
  return scope.streetWide ? [STREET_ROOM] : scope.rootIds.map(gridRoom)
}

export function roomsOfGrids(grids: readonly number[]): string[] {
  return [STREET_ROOM, ...grids.map(gridRoom)]
}
