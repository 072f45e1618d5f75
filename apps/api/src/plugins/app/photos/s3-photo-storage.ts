import { Readable } from 'node:stream'
import {
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchBucket,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3'
import type { FastifyBaseLogger } from 'fastify'
import { AppError } from '../../../errors.ts'
import { photoKey, type PhotoStorage } from './photo-storage.ts'
import type { PhotoStoreLocation } from './photo-store-location.ts'

/** The object store did not answer, or answered 5xx: the request may succeed shortly, like a lost database's 503. */
export class PhotoStoreUnavailableError extends AppError {
  constructor() {
    super(
      503,
      'PHOTO_STORE_UNAVAILABLE',
      '照片存储暂时不可用，请稍后重试 / the photo store is unavailable, retry shortly',
    )
  }
}

type S3Location = Extract<PhotoStoreLocation, { kind: 's3' }>

export interface S3PhotoStorage extends PhotoStorage {
  /** Whether the bucket is there, for a clear word at start rather than a 500 at the first upload. */
  checkBucket(): Promise<'ok' | 'missing' | 'forbidden' | 'unreachable'>
  close(): void
}

const statusOf = (err: unknown): number | undefined =>
  err instanceof S3ServiceException ? err.$metadata.httpStatusCode : undefined

/**
 * Photos as objects in an S3-compatible bucket (AWS S3, MinIO, Ceph RGW, OSS/COS in S3 mode), keyed as in the local
 * folder. Objects are immutable and named by their content, so any instance may write one at any time: a second
 * put of the same photo rewrites identical bytes.
 */
export function s3PhotoStorage(location: S3Location, log: FastifyBaseLogger): S3PhotoStorage {
  const client = new S3Client({
    region: location.region,
    ...(location.endpoint ? { endpoint: location.endpoint } : {}),
    forcePathStyle: location.forcePathStyle,
    // Since 3.729 the SDK sends CRC32 checksums (and aws-chunked bodies) on every put by default; many S3-compatible
    // stores refuse or mishandle them. A photo is a small buffer whose SHA-256 we already hold: checksums only where
    // an operation requires one.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // A store that does not answer must not hold a report's transaction open for the SDK's default (no timeout).
    requestHandler: { connectionTimeout: 3_000, requestTimeout: 20_000 },
    maxAttempts: 3,
  })
  const keyOf = (sha256: string, variant: Parameters<typeof photoKey>[1]) =>
    `${location.prefix}${photoKey(sha256, variant)}`

  /** Network failures and 5xx become a 503; a 4xx (denied, bad bucket) is a misconfiguration and stays a 500. */
  const unavailable = (err: unknown): never => {
    const status = statusOf(err)
    if (status !== undefined && status < 500) throw err
    log.warn({ err }, 'photo store unavailable')
    throw new PhotoStoreUnavailableError()
  }

  return {
    async put(sha256, variant, bytes) {
      await client
        .send(
          new PutObjectCommand({
            Bucket: location.bucket,
            Key: keyOf(sha256, variant),
            Body: bytes,
            ContentType: 'image/jpeg',
            ContentLength: bytes.length,
          }),
        )
        .catch(unavailable)
    },
    async has(sha256, variant) {
      try {
        await client.send(new HeadObjectCommand({ Bucket: location.bucket, Key: keyOf(sha256, variant) }))
        return true
      } catch (err) {
        if (statusOf(err) === 404) return false
        return unavailable(err)
      }
    },
    async open(sha256, variant) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: location.bucket, Key: keyOf(sha256, variant) }))
        // In Node the body is the HTTP response itself, a Readable: it streams to the client without buffering.
        if (!(object.Body instanceof Readable)) throw new Error('the S3 client returned no stream')
        return object.Body
      } catch (err) {
        if (statusOf(err) === 404) return undefined
        return unavailable(err)
      }
    },
    async checkBucket() {
      try {
        // Reading a key that is never written: NoSuchKey proves the bucket and the credentials with the one permission
        // the app uses anyway (s3:GetObject). HeadBucket and listings need s3:ListBucket, and s3rver refuses both.
        await client.send(
          new GetObjectCommand({ Bucket: location.bucket, Key: `${location.prefix}.wangge-store-check` }),
        )
        return 'ok'
      } catch (err) {
        if (err instanceof NoSuchBucket) return 'missing'
        const status = statusOf(err)
        if (status === 404) return 'ok'
        if (status === 403 || status === 401) return 'forbidden'
        log.warn({ err }, 'photo store unreachable at start')
        return 'unreachable'
      }
    },
    close() {
      client.destroy()
    },
  }
}
