import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import S3rver from '@20minutes/s3rver'

/** s3rver's built-in account: every request is signed with it (SigV4), as a real store's would be. */
export const LOCAL_STORE_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const

export interface LocalObjectStore {
  endpoint: string
  close(): Promise<void>
}

/**
 * A real S3-protocol server on a free loopback port (s3rver: HTTP, SigV4, XML errors, a folder behind it), with the
 * named buckets created: the API's S3 client talks to it exactly as to MinIO or AWS.
 */
export async function startLocalObjectStore(buckets: string[]): Promise<LocalObjectStore> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'wangge-s3-'))
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name, configs: [] })),
  })
  const { port } = await server.run()
  let closed: Promise<void> | undefined
  return {
    endpoint: `http://127.0.0.1:${port}`,
    // Once only: a test may stop the store early to see the API without it, and the file's cleanup closes it again.
    close: () =>
      (closed ??= (async () => {
        await server.close()
        await rm(directory, { recursive: true, force: true })
      })()),
  }
}
