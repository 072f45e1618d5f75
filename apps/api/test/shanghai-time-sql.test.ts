import { shanghaiDateOf, shanghaiIsoOf } from '@wangge/sla'
import { sql } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import {
  instantParameter,
  printableShanghaiIso,
  shanghaiDay,
  shanghaiDayText,
  shanghaiIso,
  shanghaiIsoText,
  shanghaiIsoToSecond,
} from '../src/db/shanghai-time.ts'
import { buildTestApp } from './helper.ts'

// The SQL helpers and @wangge/sla format the same instants; the web and the tests read both, so they must agree
// byte for byte, on PostgreSQL and on the embedded database (PGlite).
const app = await buildTestApp()
afterAll(() => app.close())

const INSTANTS = [
  '2026-09-30T15:59:59.999Z', // the last millisecond of 30 September in Shanghai
  '2026-09-30T16:00:00.000Z', // Shanghai midnight: 1 October
  '2026-10-09T02:00:00.007Z',
  '2027-01-01T00:00:00.000Z',
].map((iso) => new Date(iso))

interface Formatted {
  iso: string
  isoText: string
  printable: string
  toSecond: string
  day: string
  dayText: string
}

async function formatted(at: Date): Promise<Formatted> {
  const { rows } = await sql<Formatted>`
    select ${shanghaiIso('x.t')} iso, ${sql.raw(shanghaiIsoText('x.t'))} "isoText", ${printableShanghaiIso('x.t')} printable,
      ${shanghaiIsoToSecond('x.t')} "toSecond", ${shanghaiDay(instantParameter(at))}::text "day", ${sql.raw(shanghaiDayText('x.t'))}::text "dayText"
    from (select ${instantParameter(at)} t) x`.execute(app.kysely)
  return rows[0]!
}

describe('the Shanghai time SQL helpers', () => {
  it('print what shanghaiIsoOf and shanghaiDateOf print', async () => {
    for (const at of INSTANTS) {
      const iso = shanghaiIsoOf(at)
      const day = shanghaiDateOf(at)
      expect(await formatted(at)).toEqual({
        iso,
        isoText: iso,
        printable: iso,
        toSecond: `${iso.slice(0, 19)}+08:00`,
        day,
        dayText: day,
      })
    }
  })

  it('print a time past year 9999 as the last millisecond of 9999 where a reply must stay readable', async () => {
    const { rows } = await sql<{ printable: string }>`
      select ${printableShanghaiIso('x.t')} printable from (select '12026-01-01T00:00:00Z'::timestamptz t) x`.execute(
      app.kysely,
    )
    expect(rows[0]!.printable).toBe('9999-12-31T23:59:59.999+08:00')
  })

  it('keep null as null', async () => {
    const { rows } = await sql<{
      iso: string | null
    }>`select ${shanghaiIso('x.t')} iso from (select null::timestamptz t) x`.execute(app.kysely)
    expect(rows[0]!.iso).toBeNull()
  })
})
