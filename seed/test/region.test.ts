import { describe, expect, it } from 'vitest'
import { traceBoundary } from '../src/boundary.ts'
import { isWellFormed, splitAtColumn, splitAtRow, type Region } from '../src/region.ts'

// An L: rows 0–1 span columns 0–3, rows 2–3 span columns 0–1 (y grows north).
const ell: Region = {
  south: 0,
  rows: [
    { start: 0, end: 4 },
    { start: 0, end: 4 },
    { start: 0, end: 2 },
    { start: 0, end: 2 },
  ],
}

describe('lattice regions', () => {
  it('traces a counter-clockwise ring through every boundary vertex, from the north-west corner', () => {
    expect(traceBoundary(ell)).toEqual([
      [0, 4],
      [0, 3],
      [0, 2],
      [0, 1],
      [0, 0],
      [1, 0],
      [2, 0],
      [3, 0],
      [4, 0],
      [4, 1],
      [4, 2],
      [3, 2],
      [2, 2],
      [2, 3],
      [2, 4],
      [1, 4],
      [0, 4],
    ])
  })

  it('refuses to trace a region that pinches at a vertex', () => {
    const pinched: Region = {
      south: 0,
      rows: [
        { start: 0, end: 2 },
        { start: 0, end: 2 },
        { start: 2, end: 4 },
        { start: 2, end: 4 },
      ],
    }
    expect(() => traceBoundary(pinched)).toThrow(/pinch/)
    expect(isWellFormed(pinched)).toBe(false)
  })

  it('calls a region well formed only when no row or column is a single cell thick', () => {
    expect(isWellFormed(ell)).toBe(true)
    expect(
      isWellFormed({
        south: 0,
        rows: [
          { start: 0, end: 3 },
          { start: 0, end: 1 },
        ],
      }),
    ).toBe(false)
    expect(
      isWellFormed({
        south: 0,
        rows: [
          { start: 0, end: 4 },
          { start: 2, end: 4 },
        ],
      }),
    ).toBe(false) // columns 0–1 one cell tall
  })

  it('cuts along lattice lines into the pieces on either side', () => {
    const [west, east] = splitAtColumn(ell, 2)
    expect(west).toEqual({
      south: 0,
      rows: [
        { start: 0, end: 2 },
        { start: 0, end: 2 },
        { start: 0, end: 2 },
        { start: 0, end: 2 },
      ],
    })
    expect(east).toEqual({
      south: 0,
      rows: [
        { start: 2, end: 4 },
        { start: 2, end: 4 },
      ],
    })
    const [north, south] = splitAtRow(ell, 2)
    expect(north).toEqual({
      south: 2,
      rows: [
        { start: 0, end: 2 },
        { start: 0, end: 2 },
      ],
    })
    expect(south).toEqual({
      south: 0,
      rows: [
        { start: 0, end: 4 },
        { start: 0, end: 4 },
      ],
    })
  })
})
