import { CHINA_2026, createWorkingCalendar, type WorkingCalendar } from '../src/index.ts'

/** An instant given as Shanghai wall-clock time 'YYYY-MM-DD HH:mm' (optionally ':ss'). */
export function at(wallClock: string): Date {
  const date = new Date(`${wallClock.replace(' ', 'T')}${wallClock.length === 16 ? ':00' : ''}+08:00`)
  if (Number.isNaN(date.getTime())) throw new Error(`bad fixture time ${wallClock}`)
  return date
}

/** An instant shown as Shanghai wall-clock time, 'YYYY-MM-DD HH:mm', with ':ss.SSS' only when not whole minutes. */
export function show(instant: Date): string {
  const iso = new Date(instant.getTime() + 8 * 3_600_000).toISOString()
  const minutes = `${iso.slice(0, 10)} ${iso.slice(11, 16)}`
  return iso.slice(17, 23) === '00.000' ? minutes : `${minutes}:${iso.slice(17, 23)}`
}

export function china2026(): WorkingCalendar {
  return createWorkingCalendar(CHINA_2026)
}

export function mondayToFriday(): WorkingCalendar {
  return createWorkingCalendar([])
}

/** mulberry32: a small seeded PRNG, so "random" samples are the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}
