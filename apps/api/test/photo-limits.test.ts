import { deflateSync, crc32 } from 'node:zlib'
import { randomUUID } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { processPhoto } from '../src/plugins/app/photos/photo-pipeline.ts'
import { DEMO, multipart, pointInGrid, signedInApp, withClient, type SignedInApp } from './helper.ts'

/**
 * A one-bit greyscale PNG of width × height, all black, made by hand: 16383² is 268 MP (sharp's own default
 * ceiling) in about 33 KB, the "decompression bomb" that used to cost seconds of CPU per photo.
 */
function blackPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const length = Buffer.alloc(4)
    length.writeUInt32BE(data.length)
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(body))
    return Buffer.concat([length, body, crc])
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.writeUInt8(1, 8) // bit depth 1
  header.writeUInt8(0, 9) // greyscale
  // Each row: filter byte 0, then width bits.
  const rows = Buffer.alloc((1 + Math.ceil(width / 8)) * height)
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

const bomb = blackPng(16383, 16383)

let worker: SignedInApp | undefined
afterAll(async () => worker?.close())

describe('photo limits', () => {
  it('makes a small file of a huge image', () => {
    expect(bomb.length).toBeLessThan(64 * 1024)
  })

  it('refuses an image over about 40 megapixels from its header, before decoding it', async () => {
    const started = Date.now()
    await expect(processPhoto('bomb.png', bomb)).rejects.toMatchObject({ statusCode: 413, code: 'PHOTO_TOO_LARGE' })
    expect(Date.now() - started).toBeLessThan(500)
  })

  it('still takes a photo as large as a phone makes (48 MP phones bin to 12 MP; 40 MP passes)', async () => {
    const photo = await processPhoto('ok.png', blackPng(7000, 5700))
    expect(photo.width).toBe(2048)
  })

  it('answers a report carrying it with 413 PHOTO_TOO_LARGE and files nothing', async () => {
    worker = await signedInApp(DEMO.worker)
    const point = await pointInGrid('370705002001001')
    const count = () =>
      withClient(async (c) => (await c.query<{ n: number }>('select count(*)::int n from incidents')).rows[0]!.n)
    const before = await count()
    const form = multipart(
      {
        clientId: randomUUID(),
        categoryCode: 'E0101',
        description: '像素炸弹',
        lng: String(point.lng),
        lat: String(point.lat),
      },
      [{ field: 'photos', name: 'bomb.png', type: 'image/png', bytes: bomb }],
    )
    const res = await worker.inject({
      method: 'POST',
      url: '/api/incidents',
      payload: form.payload,
      headers: form.headers,
    })
    expect(res.statusCode).toBe(413)
    expect(res.json()).toMatchObject({ code: 'PHOTO_TOO_LARGE' })
    expect(res.json<{ message: string }>().message).toMatch(/像素/)
    expect(await count()).toBe(before)
  })
})
