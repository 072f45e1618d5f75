import { randomUUID } from 'node:crypto'
import { DEMO_PASSWORD } from './sign-in.ts'

/** A demo account's session on the API, for setting up and checking what the browser did. */
export interface ApiSession {
  user: { id: number; role: string }
  /** The session cookie, to hand to a browser context. */
  cookies: { name: string; value: string }[]
  get: <T>(path: string) => Promise<T>
  post: <T>(path: string, body: unknown) => Promise<T>
  /** Files a report (multipart, as a phone does) and returns the incident. */
  report: (fields: { lng: number; lat: number; categoryCode: string; description: string }) => Promise<{ id: string }>
  /** The incidents this user may see whose description contains `text`. */
  incidentsMatching: (text: string) => Promise<{ id: string; description: string; status: string }[]>
  /** Width and height of an incident's first stored photo (the full variant). */
  photoSize: (incident: { photos: unknown[] }) => Promise<{ width: number; height: number }>
}

export async function apiAs(baseUrl: string, phone: string): Promise<ApiSession> {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone, password: DEMO_PASSWORD }),
  })
  if (!login.ok) throw new Error(`sign-in as ${phone} failed: ${login.status}`)
  const user = (await login.json()) as { id: number; role: string }
  const pairs = login.headers.getSetCookie().map((c) => c.split(';')[0]!)
  const cookie = pairs.join('; ')
  const cookies = pairs.map((pair) => {
    const [name, value] = pair.split(/=(.*)/s)
    return { name: name!, value: value ?? '' }
  })

  const call = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    const res = await fetch(`${baseUrl}${path}`, { ...init, headers: { ...init.headers, cookie } })
    if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`)
    return (await res.json()) as T
  }
  const get = <T>(path: string) => call<T>(path)
  const post = <T>(path: string, body: unknown) =>
    call<T>(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

  return {
    user,
    cookies,
    get,
    post,
    report: (fields) => {
      const form = new FormData()
      form.set('clientId', randomUUID())
      for (const [key, value] of Object.entries(fields)) form.set(key, String(value))
      return call<{ id: string }>('/api/incidents', { method: 'POST', body: form })
    },
    incidentsMatching: async (text) =>
      (
        await get<{ items: { id: string; description: string; status: string }[] }>(
          `/api/incidents?limit=200&q=${encodeURIComponent(text)}`,
        )
      ).items,
    photoSize: async (incident) => {
      const [photo] = incident.photos as { sha256: string }[]
      const res = await fetch(`${baseUrl}/api/photos/${photo!.sha256}`, { headers: { cookie } })
      return jpegSize(Buffer.from(await res.arrayBuffer()))
    },
  }
}

/**
 * A point inside one of the worker's own unit grids, or (`sibling`) inside another unit grid of the same area: the
 * centre of the outline's vertices, moved towards the vertices until the server's own lookup agrees (unit grids
 * are near-convex, the first try nearly always does).
 */
export async function pointInGrid(
  session: ApiSession,
  code: string,
  options: { sibling?: boolean } = {},
): Promise<{ code: string; lng: number; lat: number }> {
  const me = await session.get<{ grids: { id: number; code: string }[] }>('/api/auth/me')
  const grid = me.grids.find((g) => g.code === code)
  if (!grid) throw new Error(`grid ${code} is not in the scope of this user`)
  const { parentId } = await session.get<{ parentId: number }>(`/api/grids/${grid.id}`)
  const layer = await session.get<{
    features: { properties: { code: string }; geometry: { type: string; coordinates: unknown } }[]
  }>(`/api/grids?level=3&parent=${parentId}&zoom=18`)
  const feature = layer.features.find((f) =>
    options.sibling ? f.properties.code !== code : f.properties.code === code,
  )!
  const target = feature.properties.code
  const ring = (
    (feature.geometry.type === 'Polygon'
      ? feature.geometry.coordinates
      : (feature.geometry.coordinates as unknown[])[0]) as number[][][]
  )[0]!
  const centre = ring.reduce(
    (sum, [lng, lat]) => ({ lng: sum.lng + lng! / ring.length, lat: sum.lat + lat! / ring.length }),
    { lng: 0, lat: 0 },
  )
  for (const towards of [null, ...ring]) {
    const point = towards ? { lng: (centre.lng + towards[0]!) / 2, lat: (centre.lat + towards[1]!) / 2 } : centre
    const { chain } = await session.get<{ chain: { code: string }[] }>(
      `/api/grids/locate?lng=${point.lng}&lat=${point.lat}`,
    )
    if (chain.at(-1)?.code === target) return { code: target, ...point }
  }
  throw new Error(`no point found inside grid ${target}`)
}

/** Reads a baseline or progressive JPEG's dimensions from its SOF marker. */
function jpegSize(bytes: Buffer): { width: number; height: number } {
  let offset = 2
  while (offset < bytes.length) {
    const marker = bytes[offset + 1]!
    const length = bytes.readUInt16BE(offset + 2)
    if (marker >= 0xc0 && marker <= 0xc3)
      return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) }
    offset += 2 + length
  }
  throw new Error('not a JPEG')
}
