import { createECDH, createHmac, createDecipheriv, createPublicKey, randomBytes, verify } from 'node:crypto'
import { createServer, type Server } from 'node:http'

const b64url = (bytes: Buffer) => bytes.toString('base64url')
const hmac = (key: Buffer, data: Buffer) => createHmac('sha256', key).update(data).digest()

/** A browser's side of a push subscription: its P-256 key pair and auth secret, made here (RFC 8291). */
export function subscriptionKeys() {
  const ecdh = createECDH('prime256v1')
  ecdh.generateKeys()
  const auth = randomBytes(16)
  return { ecdh, p256dh: b64url(ecdh.getPublicKey()), auth: b64url(auth), authBytes: auth }
}
export type SubscriptionKeys = ReturnType<typeof subscriptionKeys>

/** Decrypts an aes128gcm Web Push body (RFC 8188 + RFC 8291, one record) with the subscription's keys. */
export function decryptPush(body: Buffer, keys: SubscriptionKeys): string {
  const salt = body.subarray(0, 16)
  const idLength = body.readUInt8(20)
  const serverPublic = body.subarray(21, 21 + idLength)
  const record = body.subarray(21 + idLength)
  const shared = keys.ecdh.computeSecret(serverPublic)
  const info = Buffer.concat([Buffer.from('WebPush: info\0'), keys.ecdh.getPublicKey(), serverPublic])
  const ikm = hmac(hmac(keys.authBytes, shared), Buffer.concat([info, Buffer.from([1])]))
  const prk = hmac(salt, ikm)
  const cek = hmac(prk, Buffer.from('Content-Encoding: aes128gcm\0\x01')).subarray(0, 16)
  const nonce = hmac(prk, Buffer.from('Content-Encoding: nonce\0\x01')).subarray(0, 12)
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce)
  decipher.setAuthTag(record.subarray(record.length - 16))
  const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()])
  // The last record ends with the delimiter 0x02, then zero padding.
  let end = padded.length
  while (end > 0 && padded[end - 1] === 0) end -= 1
  if (padded[end - 1] !== 2) throw new Error('push record has no last-record delimiter')
  return padded.subarray(0, end - 1).toString('utf8')
}

/**
 * Checks a request's VAPID authorization (RFC 8292): `vapid t=<JWT>, k=<public key>`, the JWT signed ES256 by that
 * key, its audience this push service's origin, not expired. Returns the key, or throws saying what is wrong.
 */
export function verifyVapid(authorization: string | undefined, origin: string): { publicKey: string; sub: string } {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(authorization ?? '')
  if (!match) throw new Error(`no VAPID authorization: ${authorization}`)
  const [, jwt, k] = match as unknown as [string, string, string]
  const [header, payload, signature] = jwt.split('.') as [string, string, string]
  const point = Buffer.from(k, 'base64url')
  const key = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: b64url(point.subarray(1, 33)), y: b64url(point.subarray(33, 65)) },
    format: 'jwk',
  })
  const valid = verify(
    'sha256',
    Buffer.from(`${header}.${payload}`),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'),
  )
  if (!valid) throw new Error('VAPID signature invalid')
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { aud: string; exp: number; sub: string }
  if (claims.aud !== origin) throw new Error(`VAPID audience ${claims.aud} is not ${origin}`)
  if (claims.exp * 1000 < Date.now()) throw new Error('VAPID token expired')
  return { publicKey: k, sub: claims.sub }
}

export interface ReceivedPush {
  path: string
  headers: Record<string, string | string[] | undefined>
  body: Buffer
  /** The VAPID check's result, or its failure. */
  vapid: { publicKey: string; sub: string } | Error
}

/**
 * A push service on the loopback: records every request, verifies its VAPID header, and answers with the next
 * status queued by `respondWith` (201 when none is queued).
 */
export async function startPushService(port: number) {
  const received: ReceivedPush[] = []
  const statuses: number[] = []
  const origin = `http://127.0.0.1:${port}`
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      let vapid: ReceivedPush['vapid']
      try {
        vapid = verifyVapid(request.headers.authorization, origin)
      } catch (err) {
        vapid = err as Error
      }
      received.push({ path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks), vapid })
      response.statusCode = statuses.shift() ?? 201
      response.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return {
    origin,
    received,
    endpoint: (name: string) => `${origin}/push/${name}`,
    respondWith: (...codes: number[]) => statuses.push(...codes),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
