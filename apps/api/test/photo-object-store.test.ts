import { randomUUID } from 'node:crypto'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import type { FastifyInstance } from 'fastify'
import sharp from 'sharp'
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { buildApp } from '../src/app.ts'
import { loadConfig } from '../src/config.ts'
import { photoKey } from '../src/plugins/app/photos/photo-storage.ts'
import { PhotoStoreConfigError, photoStoreLocationOf } from '../src/plugins/app/photos/photo-store-location.ts'
import { databaseUrl, DEMO, multipart, pointInGrid, signIn, withClient } from './helper.ts'
import { LOCAL_STORE_CREDENTIALS, startLocalObjectStore, type LocalObjectStore } from './local-object-store.ts'
import { auditForm, auditSheet, newStation, stationPoint } from './stations-fixtures.ts'
import { TEST_DATA_KEY } from './test-data-key.ts'

const BUCKET = 'wangge-photos'
const PREFIX = 'street-370705002'

/** An instance as a second machine would run it: its own empty DATA_DIR, the shared database and photo store. */
async function instance(photoStore: string): Promise<{ app: FastifyInstance; dataDir: string }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'wangge-instance-'))
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    SESSION_SECRET: 'wangge-test-session-secret-0123456789abcdef',
    DATA_KEY: TEST_DATA_KEY,
    DATA_DIR: dataDir,
    PHOTO_STORE: photoStore,
  })
  const app = await buildApp({
    config,
    databaseUrl: databaseUrl(),
    embedded: inject('embeddedDatabase'),
    logger: false,
  })
  return { app, dataDir }
}

const jpeg = (background: string) =>
  sharp({ create: { width: 1000, height: 750, channels: 3, background } })
    .withMetadata({ exif: { IFD0: { Make: 'TestPhone', Model: 'X' } } })
    .jpeg()
    .toBuffer()

const photoRows = () =>
  withClient(async (c) => (await c.query<{ n: number }>('select count(*)::int n from photos')).rows[0]!.n)

describe('photos in an S3-compatible store shared by two instances', () => {
  let store: LocalObjectStore
  let a: { app: FastifyInstance; dataDir: string }
  let b: { app: FastifyInstance; dataDir: string }
  let storeUrl: string

  beforeAll(async () => {
    // The SDK reads the standard AWS variables, as it would on a server.
    vi.stubEnv('AWS_ACCESS_KEY_ID', LOCAL_STORE_CREDENTIALS.accessKeyId)
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', LOCAL_STORE_CREDENTIALS.secretAccessKey)
    store = await startLocalObjectStore([BUCKET])
    storeUrl = `s3://${BUCKET}/${PREFIX}?endpoint=${encodeURIComponent(store.endpoint)}&region=us-east-1`
    a = await instance(storeUrl)
    b = await instance(storeUrl)
  })
  afterAll(async () => {
    await Promise.all([a?.app.close(), b?.app.close()])
    await store?.close()
    await Promise.all([a, b].map((i) => i && rm(i.dataDir, { recursive: true, force: true })))
    vi.unstubAllEnvs()
  })

  it('serves through instance B a report photo uploaded through instance A, and neither keeps it on disk', async () => {
    // Sessions live in PostgreSQL: one sign-in is good on both instances, as behind a proxy without stickiness.
    const worker = await signIn(a.app, DEMO.worker)
    const here = await pointInGrid('370705002001001')
    const form = multipart(
      {
        clientId: randomUUID(),
        categoryCode: 'E0101',
        description: '对象存储测试：路边暴露垃圾',
        lng: String(here.lng),
        lat: String(here.lat),
        accuracy: '8',
      },
      [{ field: 'photos', name: 'scene.jpg', type: 'image/jpeg', bytes: await jpeg('#3a7') }],
    )
    const res = await a.app.inject({
      method: 'POST',
      url: '/api/incidents',
      payload: form.payload,
      headers: { ...form.headers, cookie: worker },
    })
    expect(res.statusCode, res.body).toBe(201)
    const sha256 = res.json<{ photos: { sha256: string }[] }>().photos[0]!.sha256

    const full = await b.app.inject({ url: `/api/photos/${sha256}`, headers: { cookie: worker } })
    expect(full.statusCode).toBe(200)
    expect(full.headers['content-type']).toBe('image/jpeg')
    const meta = await sharp(full.rawPayload).metadata()
    expect([meta.width, meta.height, meta.exif]).toEqual([1000, 750, undefined])
    const thumb = await b.app.inject({ url: `/api/photos/${sha256}?variant=thumb`, headers: { cookie: worker } })
    expect(thumb.statusCode).toBe(200)
    expect((await sharp(thumb.rawPayload).metadata()).width).toBe(320)
    // The instance's visibility rule still holds for bytes it never wrote: a handler outside the case sees nothing.
    const handler = await signIn(b.app, DEMO.handler)
    expect((await b.app.inject({ url: `/api/photos/${sha256}`, headers: { cookie: handler } })).statusCode).toBe(404)

    // The bytes are in the bucket under the prefix, keyed as in the local folder; no instance wrote an uploads folder.
    const s3 = new S3Client({
      endpoint: store.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: LOCAL_STORE_CREDENTIALS,
    })
    for (const variant of ['full', 'thumb'] as const) {
      const head = await s3.send(
        new HeadObjectCommand({ Bucket: BUCKET, Key: `${PREFIX}/${photoKey(sha256, variant)}` }),
      )
      expect(head.ContentType).toBe('image/jpeg')
    }
    s3.destroy()
    for (const instanceDir of [a.dataDir, b.dataDir]) expect(await readdir(instanceDir)).not.toContain('uploads')
  })

  it('serves through instance B a station audit photo filed through instance A (the same pipeline)', async () => {
    const manager = await signIn(a.app, DEMO.manager)
    const stationId = await newStation('37070500200302', '对象存储测试服务站')
    const form = auditForm(
      await stationPoint(stationId),
      auditSheet({ signage: { passed: false, deduction: 6, note: '门头标识破损', rectifyBy: '2099-01-31' } }),
      [{ field: 'photos.signage', name: 'sign.jpg', type: 'image/jpeg', bytes: await jpeg('#a63') }],
    )
    const res = await a.app.inject({
      method: 'POST',
      url: `/api/stations/${stationId}/audits`,
      payload: form.payload,
      headers: { ...form.headers, cookie: manager },
    })
    expect(res.statusCode, res.body).toBe(201)
    const items = res.json<{ audits: { items: { code: string; photos: string[] }[] }[] }>().audits[0]!.items
    const sha256 = items.find((i) => i.code === 'signage')!.photos[0]!
    const photo = await b.app.inject({ url: `/api/stations/photos/${sha256}`, headers: { cookie: manager } })
    expect(photo.statusCode).toBe(200)
    expect((await sharp(photo.rawPayload).metadata()).format).toBe('jpeg')
  })

  it('answers 404 for a photo the store does not hold', async () => {
    const worker = await signIn(b.app, DEMO.worker)
    const missing = 'f'.repeat(64)
    expect((await b.app.inject({ url: `/api/photos/${missing}`, headers: { cookie: worker } })).statusCode).toBe(404)
  })

  it('refuses to start on a bucket that does not exist, saying which', async () => {
    const wrong = storeUrl.replace(`s3://${BUCKET}`, 's3://no-such-bucket')
    await expect(instance(wrong)).rejects.toThrow(/bucket "no-such-bucket" does not exist/)
  })

  it('answers 503 and writes nothing while the store is down', async () => {
    const worker = await signIn(a.app, DEMO.worker)
    const before = await photoRows()
    await store.close()
    const here = await pointInGrid('370705002001001')
    const form = multipart(
      {
        clientId: randomUUID(),
        categoryCode: 'E0101',
        description: '对象存储停机时的上报',
        lng: String(here.lng),
        lat: String(here.lat),
        accuracy: '8',
      },
      [{ field: 'photos', name: 'scene.jpg', type: 'image/jpeg', bytes: await jpeg('#17c') }],
    )
    const res = await a.app.inject({
      method: 'POST',
      url: '/api/incidents',
      payload: form.payload,
      headers: { ...form.headers, cookie: worker },
    })
    expect(res.statusCode, res.body).toBe(503)
    expect(res.json()).toMatchObject({ code: 'PHOTO_STORE_UNAVAILABLE' })
    expect(await photoRows()).toBe(before)
  })
})

describe('PHOTO_STORE', () => {
  it('is the local folder when unset or `local`', () => {
    expect(photoStoreLocationOf(undefined)).toEqual({ kind: 'local' })
    expect(photoStoreLocationOf(' local ')).toEqual({ kind: 'local' })
  })

  it('names a bucket, a prefix, an endpoint (path-style by default) and a region', () => {
    expect(
      photoStoreLocationOf('s3://wangge-photos/daiyu/photos/?endpoint=http://minio:9000&region=cn-east-1'),
    ).toEqual({
      kind: 's3',
      bucket: 'wangge-photos',
      prefix: 'daiyu/photos/',
      endpoint: 'http://minio:9000',
      region: 'cn-east-1',
      forcePathStyle: true,
    })
    expect(photoStoreLocationOf('s3://wangge-photos')).toEqual({
      kind: 's3',
      bucket: 'wangge-photos',
      prefix: '',
      region: 'us-east-1',
      forcePathStyle: false,
    })
  })

  it.each([
    ['a path', '/srv/photos', /not a URL/],
    ['another scheme', 'gs://bucket', /unsupported scheme/],
    ['credentials in the URL', 's3://key:secret@bucket', /credentials do not belong/],
    ['a bucket S3 would refuse', 's3://Photos_Bucket', /not a valid bucket name/],
    ['an unknown parameter', 's3://bucket?endpiont=http://x', /unknown parameter "endpiont"/],
    ['an endpoint with a path', 's3://bucket?endpoint=http://minio:9000/photos', /must be http\(s\):\/\/host/],
    ['a pathStyle that is no boolean', 's3://bucket?pathStyle=yes', /pathStyle is true or false/],
  ])('refuses %s, saying why', (_what, value, why) => {
    expect(() => photoStoreLocationOf(value)).toThrow(PhotoStoreConfigError)
    expect(() => photoStoreLocationOf(value)).toThrow(why)
  })
})
