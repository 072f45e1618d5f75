import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { localPhotoStorage } from '../src/plugins/app/photos/photo-storage.ts'

describe('local photo storage', () => {
  const dirs: string[] = []
  afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))))

  it('stores the same photo written by many reports at once, once, and leaves no temporary file', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'wangge-photos-'))
    dirs.push(dir)
    const storage = localPhotoStorage(dir)
    const sha256 = 'ab'.repeat(32)
    const bytes = Buffer.from('the same photo')
    // Two uploads in the same millisecond once shared a temporary name: one rename found the file gone (ENOENT).
    await Promise.all(Array.from({ length: 20 }, () => storage.put(sha256, 'full', bytes)))
    expect(await storage.has(sha256, 'full')).toBe(true)
    const folder = path.join(dir, 'ab', 'ab')
    expect(await readdir(folder)).toEqual([`${sha256}.jpg`])
    expect(await readFile(path.join(folder, `${sha256}.jpg`))).toEqual(bytes)
  })
})
