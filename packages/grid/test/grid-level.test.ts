import { describe, expect, it } from 'vitest'
import { levelForZoom, shapeZoomFor } from '../src/index.ts'

describe('levelForZoom', () => {
  it('shows communities far out, areas in between, unit grids close in', () => {
    expect([10, 14, 15, 16, 19].map(levelForZoom)).toEqual([1, 1, 2, 3, 3])
  })
})

describe('shapeZoomFor', () => {
  it('clamps to the zooms the server keeps ready, rounding down', () => {
    expect([3, 12, 15.7, 18, 21].map(shapeZoomFor)).toEqual([12, 12, 15, 18, 18])
  })
})
