import { describe, expect, it } from 'vitest'
import { NaturalBatcher } from '../src/db/natural-batcher.ts'

// The batching logic alone; the reports' batches against PostGIS are in incidents-report-batches.test.ts.
interface Item {
  key: string
  fail?: boolean
}

function recordingBatcher(concurrency: number, maxBatch = 100, sharedFailure?: (error: unknown) => boolean) {
  const batches: string[][] = []
  const pending: (() => void)[] = []
  const batcher = new NaturalBatcher<Item, string>(
    async (items) => {
      batches.push(items.map((i) => i.key))
      await new Promise<void>((release) => pending.push(release))
      if (items.some((i) => i.fail)) throw new Error(`batch of ${items.length} failed`)
      return items.map((i) => `filed ${i.key}`)
    },
    {
      concurrency,
      maxBatch,
      key: (i) => i.key,
      asRepeat: (o) => `${o} before`,
      ...(sharedFailure ? { sharedFailure } : {}),
    },
  )
  const releaseAll = async () => {
    while (pending.length) {
      pending.splice(0).forEach((release) => release())
      await new Promise((r) => setTimeout(r, 0))
    }
  }
  return { batcher, batches, releaseAll }
}

describe('natural batching', () => {
  it('runs an item at once when nothing is under way', async () => {
    const { batcher, batches, releaseAll } = recordingBatcher(2)
    const outcome = batcher.submit({ key: 'a' })
    expect(batches).toEqual([['a']])
    await releaseAll()
    expect(await outcome).toBe('filed a')
  })

  it('queues items while the lanes are busy and runs them together when one frees', async () => {
    const { batcher, batches, releaseAll } = recordingBatcher(2)
    const outcomes = ['a', 'b', 'c', 'd', 'e'].map((key) => batcher.submit({ key }))
    expect(batches).toEqual([['a'], ['b']])
    await releaseAll()
    expect(await Promise.all(outcomes)).toEqual(['filed a', 'filed b', 'filed c', 'filed d', 'filed e'])
    expect(batches).toEqual([['a'], ['b'], ['c', 'd', 'e']])
  })

  it('never puts more than maxBatch items in one batch', async () => {
    const { batcher, batches, releaseAll } = recordingBatcher(1, 2)
    const outcomes = ['a', 'b', 'c', 'd', 'e'].map((key) => batcher.submit({ key }))
    await releaseAll()
    await Promise.all(outcomes)
    expect(batches).toEqual([['a'], ['b', 'c'], ['d', 'e']])
  })

  it('runs one item per key in a batch and tells the later waiters it was a repeat', async () => {
    const { batcher, batches, releaseAll } = recordingBatcher(1)
    const first = batcher.submit({ key: 'x' })
    const queued = [
      batcher.submit({ key: 'k' }),
      batcher.submit({ key: 'k' }),
      batcher.submit({ key: 'm' }),
      batcher.submit({ key: 'k' }),
    ]
    await releaseAll()
    expect(await first).toBe('filed x')
    expect(await Promise.all(queued)).toEqual(['filed k', 'filed k before', 'filed m', 'filed k before'])
    expect(batches).toEqual([['x'], ['k', 'm']])
  })

  it('splits a failed batch so that only the failing item fails', async () => {
    const { batcher, batches, releaseAll } = recordingBatcher(1)
    const first = batcher.submit({ key: 'a' })
    const queued = [
      batcher.submit({ key: 'b' }),
      batcher.submit({ key: 'bad', fail: true }),
      batcher.submit({ key: 'c' }),
    ]
    const settled = Promise.allSettled(queued)
    await releaseAll()
    await first
    const results = await settled
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      'filed b',
      'batch of 1 failed',
      'filed c',
    ])
    expect(batches).toEqual([['a'], ['b', 'bad', 'c'], ['b'], ['bad'], ['c']])
  })

  it("fails every item of a batch at once, unsplit, when the failure is everyone's (the database is away)", async () => {
    const { batcher, batches, releaseAll } = recordingBatcher(1, 100, (error) =>
      (error as Error).message.startsWith('batch of'),
    )
    const first = batcher.submit({ key: 'a' })
    const queued = [
      batcher.submit({ key: 'b' }),
      batcher.submit({ key: 'down', fail: true }),
      batcher.submit({ key: 'c' }),
    ]
    const settled = Promise.allSettled(queued)
    await releaseAll()
    await first
    expect((await settled).map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected'])
    expect(batches).toEqual([['a'], ['b', 'down', 'c']])
  })
})
