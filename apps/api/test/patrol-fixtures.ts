import { randomUUID } from 'node:crypto'
import { DEMO, signedInApp, withClient, type SignedInApp } from './helper.ts'

/** A position as the phone's outbox sends it. */
export interface WalkPoint {
  id: string
  at: string
  lng: number
  lat: number
  accuracy: number | null
}

/**
 * `count` positions from `origin`, one every `everyMs` (10 s), each `dLat`/`dLng` degrees on from the last: by
 * default ~11 m north per point, a walk of ~1.1 m/s.
 */
export function walkFrom(
  origin: { lng: number; lat: number },
  startMs: number,
  count: number,
  step: { dLng?: number; dLat?: number; everyMs?: number } = {},
): WalkPoint[] {
  const { dLng = 0, dLat = 0.0001, everyMs = 10_000 } = step
  return Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    at: new Date(startMs + i * everyMs).toISOString(),
    lng: Number((origin.lng + i * dLng).toFixed(7)),
    lat: Number((origin.lat + i * dLat).toFixed(7)),
    accuracy: 8,
  }))
}

/** A grid worker of `gridCode` (created once, with the demo password), signed in. */
export async function patrolWorker(phone: string, gridCode: string, name = '巡查测试员'): Promise<SignedInApp> {
  await withClient(async (c) => {
    const { rows } = await c.query<{ id: number }>(
      `insert into users (name, phone, password_hash, role)
       select $1, $2, password_hash, 'worker' from users where phone = $3
       on conflict (phone) do update set name = excluded.name returning id`,
      [name, phone, DEMO.worker],
    )
    await c.query(
      `insert into user_grids (user_id, grid_id) select $1, id from grids where code = $2 on conflict do nothing`,
      [rows[0]!.id, gridCode],
    )
  })
  return signedInApp(phone)
}
