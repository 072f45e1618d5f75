import { describe, expect, it } from 'vitest'
import { DEMO_ACCOUNTS, DEPARTMENTS, generateStreet, gridStaff } from '../src/index.ts'

const cells = generateStreet()
  .features.filter((f) => f.properties.level === 3)
  .map((f) => f.properties.code)
  .sort()
const staff = gridStaff(cells, { workerGrids: ['370705002001001'], handlerDepartments: ['enforcement'] })

describe('the street’s seeded staff', () => {
  it('has a worker for every unit grid but the demo worker’s, and a handler for every other department', () => {
    const workers = staff.filter((s) => s.role === 'worker')
    expect(workers).toHaveLength(1359)
    expect(new Set(workers.map((w) => w.grid))).toEqual(new Set(cells.filter((c) => c !== '370705002001001')))
    expect(staff.filter((s) => s.role === 'handler').map((h) => h.department)).toEqual(
      DEPARTMENTS.map((d) => d.code).filter((c) => c !== 'enforcement'),
    )
  })

  it('gives everyone a valid phone of their own, clear of the demo accounts, and a plausible Chinese name', () => {
    const phones = staff.map((s) => s.phone)
    expect(new Set(phones).size).toBe(phones.length)
    expect(phones.every((p) => /^1[3-9]\d{9}$/.test(p))).toBe(true)
    expect(phones.filter((p) => DEMO_ACCOUNTS.some((a) => a.phone === p))).toEqual([])
    expect(staff.every((s) => /^[\u4e00-\u9fff]{2,3}$/.test(s.name))).toBe(true)
    expect(new Set(staff.map((s) => s.name)).size).toBeGreaterThan(300)
  })
})
