import { createHash } from 'node:crypto'
import { describe, expect, it, vi } from 'vitest'
import { generateStreet, serializeStreet } from '../src/index.ts'

// The SHA-256 of the serialized street. A change to the generator's output must be deliberate: when it is,
// look at the new street and update this digest in the same change.
const STREET_SHA256 = 'bd9720bc1c1f4238be41066d40bffba6fbdf329864e3af99538e33dd5679a987'

describe('generateStreet is deterministic', () => {
  it('gives the same bytes on every call, without Math.random or the clock', () => {
    const random = vi.spyOn(Math, 'random')
    const now = vi.spyOn(Date, 'now')
    const first = serializeStreet(generateStreet())
    const second = serializeStreet(generateStreet())
    expect(second).toBe(first)
    expect(random).not.toHaveBeenCalled()
    expect(now).not.toHaveBeenCalled()
    vi.restoreAllMocks()
  })

  it('gives the committed bytes', () => {
    expect(createHash('sha256').update(serializeStreet(generateStreet())).digest('hex')).toBe(STREET_SHA256)
  })

  it('generates well under a second', () => {
    generateStreet() // warm
    const started = performance.now()
    generateStreet()
    expect(performance.now() - started).toBeLessThan(1000)
  })
})
