import { describe, expect, it } from 'vitest'
import { readingOrder, type PlacedPart } from '../src/reading-order.ts'

// A box from its south-west (i0, j0) to north-east (i1, j1) corner, y growing north.
const box = (i0: number, j0: number, i1: number, j1: number): PlacedPart => ({
  top: j1,
  bottom: j0,
  cx: (i0 + i1) / 2,
  cy: (j0 + j1) / 2,
})

describe('readingOrder', () => {
  it('reads rows from north to south and west to east within a row', () => {
    const parts = [box(5, 0, 10, 5), box(5, 5, 10, 10), box(0, 0, 5, 5), box(0, 5, 5, 10)] // SE, NE, SW, NW
    expect(readingOrder(parts)).toEqual([3, 1, 2, 0])
  })

  it('keeps a part in the row whose leader band holds its centroid, even when its top is lower', () => {
    // A tall western part leads; the short eastern parts whose centroids fall inside its height join its row.
    const parts = [box(4, 0, 8, 5), box(0, 0, 4, 10), box(4, 5, 8, 10), box(0, -10, 8, 0)]
    expect(readingOrder(parts)).toEqual([1, 2, 0, 3])
  })

  it('puts a part whose centroid is below the leader band in a later row, even if it is further west', () => {
    const parts = [box(4, 6, 8, 10), box(0, 0, 4, 7)] // leader band is 6..10; the western part's centroid is 3.5
    expect(readingOrder(parts)).toEqual([0, 1])
  })

  it('breaks ties deterministically: equal tops go to the western leader', () => {
    expect(readingOrder([box(2, 0, 4, 4), box(0, 0, 2, 4)])).toEqual([1, 0])
    expect(readingOrder([box(0, 0, 4, 2), box(0, 2, 4, 4), box(4, 0, 6, 4)])).toEqual([1, 0, 2])
  })
})
