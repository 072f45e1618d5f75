import type { Server, Socket } from 'socket.io'
import type { SignedInUser } from '../accounts/users-repository.ts'
import type { LiveEvent } from './live-event.ts'
import type { NotificationItem, PatrolPointsReply } from '@wangge/contract'

/** The acknowledgement of a client's emit (`worker.position`, `worker.offDuty`, `patrol.points` with its reply). */
export type Ack = { ok: true; reply?: PatrolPointsReply } | { ok: false; code: string; message: string }

/** What the server sends: every event under its type name, then the replay's outcome. */
export interface ServerToClientEvents {
  'incident.created': (event: LiveEvent) => void
  'incident.updated': (event: LiveEvent) => void
  'station.audited': (event: LiveEvent) => void
  'worker.position': (event: LiveEvent) => void
  /** The replay is done (or there was none): the client is live from `seq` on. */
  caughtUp: (state: { seq: number }) => void
  /** Too much was missed: reload the map over HTTP, then count from `seq`. */
  resync: (state: { seq: number }) => void
  /** A notice for this user only (its own room): the notification centre's bell. */
  notification: (notice: NotificationItem) => void
}

export interface ClientToServerEvents {
  'worker.position': (input: unknown, ack?: (result: Ack) => void) => void
  'worker.offDuty': (ack?: (result: Ack) => void) => void
  'patrol.points': (input: unknown, ack?: (result: Ack) => void) => void
}

export interface SocketData {
  user: SignedInUser
  sessionId: string
}

export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>
export type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>
