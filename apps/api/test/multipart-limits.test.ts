import sharp from 'sharp'
import { afterAll, describe, expect, it } from 'vitest'
import { DEMO, multipart, signedInApp, withClient, type SignedInApp } from './helper.ts'

let supervisor: SignedInApp | undefined
afterAll(async () => supervisor?.close())

/** A file part of `bytes` zero bytes (its content never matters: the limit trips while it streams in). */
const fileOf = (bytes: number) => ({ field: 'photos', name: 'p.jpg', type: 'image/jpeg', bytes: Buffer.alloc(bytes) })

describe('multipart limits per route', () => {
  it('takes no file at all in a step other than feedback: 413 while the first one streams in', async () => {
    supervisor = await signedInApp(DEMO.supervisor)
    const { id, status: before } = await withClient(
      async (c) =>
        (await c.query<{ id: string; status: string }>('select id::text, status from incidents order by id limit 1'))
          .rows[0]!,
    )
    const form = multipart({ note: '登记' }, [fileOf(5 * 1024 * 1024)])
    const res = await supervisor.inject({
      method: 'POST',
      url: `/api/incidents/${id}/register`,
      payload: form.payload,
      headers: form.headers,
    })
    expect(res.statusCode).toBe(413)
    const status = await withClient(
      async (c) =>
        (await c.query<{ status: string }>('select status from incidents where id = $1', [id])).rows[0]!.status,
    )
    expect(status).toBe(before)
  })

  it('takes at most six photos in a report', async () => {
    const worker = await signedInApp(DEMO.worker)
    try {
      const bytes = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#345' } })
        .jpeg()
        .toBuffer()
      const form = multipart(
        {},
        Array.from({ length: 7 }, (_, i) => ({ field: 'photos', name: `p${i}.jpg`, type: 'image/jpeg', bytes })),
      )
      const res = await worker.inject({
        method: 'POST',
        url: '/api/incidents',
        payload: form.payload,
        headers: form.headers,
      })
      expect(res.statusCode).toBe(413)
    } finally {
      await worker.close()
    }
  })
})
