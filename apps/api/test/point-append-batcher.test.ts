import { describe, expect, it } from 'vitest'
import { PointAppendBatcher } from '../src/plugins/app/patrols/point-append-batcher.ts'
import type { AppendRow, PointAppend } from '../src/plugins/app/patrols/point-append-statement.ts'

// The batching logic alone; many workers' points against PostGIS are in patrol-point-batches.test.ts.
const job = (patrolId: string, fail = false): PointAppend => ({
  patrolId,
  workerId: Number(patrolId),
  workerName: fail ? 'fail' : 'ok',
  from: null,
  points: [{ id: `p${patrolId}`, at: 0, lng: 119, lat: 36.7, accuracy: 5 }],
  outliers: 0,
  live: false,
})

function recordingBatcher(busyAt: number, sharedFailure = (_: unknown) => false) {
  const batches: string[][] = []
  const batcher = new PointAppendBatcher(
    async (jobs) => {
      batches.push(jobs.map((j) => j.patrolId))
      if (jobs.some((j) => j.workerName === 'fail')) throw new Error(`batch of ${jobs.length} failed`)
      return jobs.map((j) => ({ patrol_id: j.patrolId }) as AppendRow)
    },
    { lingerMs: 20, busyAt, maxBatch: 3, sharedFailure },
  )
  return { batcher, batches }
}

describe('patrol point batching', () => {
  it('appends at once while few patrols are out', async () => {
    const { batcher, batches } = recordingBatcher(5)
    expect(await batcher.append(job('1'))).toEqual({ patrol_id: '1' })
    expect(await batcher.append(job('2'))).toEqual({ patrol_id: '2' })
    expect(batches).toEqual([['1'], ['2']])
  })

  it('waits for the others when many are out, puts a patrol once in a batch and starts one when it is full', async () => {
    const { batcher, batches } = recordingBatcher(1)
    const rows = await Promise.all(['1', '2', '1', '3', '4'].map((id) => batcher.append(job(id))))
    expect(rows.map((r) => r?.patrol_id)).toEqual(['1', '2', '1', '3', '4'])
    // Full at three (1, 2, 3); the second append of patrol 1 and patrol 4 go in the next batch.
    expect(batches).toEqual([
      ['1', '2', '3'],
      ['1', '4'],
    ])
  })

  it('answers null for a patrol the statement did not append to (its end moved)', async () => {
    const batcher = new PointAppendBatcher(async () => [], {
      lingerMs: 5,
      busyAt: 1,
      maxBatch: 10,
      sharedFailure: () => false,
    })
    expect(await batcher.append(job('7'))).toBeNull()
  })

  it("runs a failed batch append by append, so one append's error is never another's", async () => {
    const { batcher, batches } = recordingBatcher(1)
    const outcomes = await Promise.allSettled([batcher.append(job('1')), batcher.append(job('2', true))])
    expect(outcomes[0]).toEqual({ status: 'fulfilled', value: { patrol_id: '1' } })
    expect(outcomes[1]).toMatchObject({ status: 'rejected', reason: { message: 'batch of 1 failed' } })
    expect(batches).toEqual([['1', '2'], ['1'], ['2']])
  })

  it('fails every append of a batch at once when the failure is everyone’s (the database away)', async () => {
    const { batcher, batches } = recordingBatcher(1, () => true)
    const outcomes = await Promise.allSettled([batcher.append(job('1')), batcher.append(job('2', true))])
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected'])
    expect(batches).toEqual([['1', '2']])
  })
})
