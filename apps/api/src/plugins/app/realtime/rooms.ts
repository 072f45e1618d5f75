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

/**
 * A handler has no grids: they see the cases dispatched to their department, so their sockets join its room and
 * every incident event goes to the room of the department it is dispatched to (and of the one it just left).
 */
export const departmentRoom = (departmentId: number): string => `department:${departmentId}`

export function roomsOfDepartments(departmentIds: readonly (number | null | undefined)[]): string[] {
  return [...new Set(departmentIds.filter((id): id is number => typeof id === 'number'))].map(departmentRoom)
}

export function roomsOfGrids(grids: readonly number[]): string[] {
  return [STREET_ROOM, ...grids.map(gridRoom)]
}
