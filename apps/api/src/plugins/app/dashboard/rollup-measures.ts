import { workingHoursBetween, type WorkingCalendar } from '@wangge/sla'

/**
 * What one case adds to a roll-up row, by the statistics API's definitions (stats-service.ts): registered = entered
 * the loop (registered, or fixed on the spot); closed on time as the closing step judged it; reworked and extended =
 * at least once, counted over dispatched cases; handling time = working hours from the (last) dispatch to handled.
 */
export interface Measures {
  reported: number
  registered: number
  closed: number
  closed_on_time: number
  dispatched: number
  reworked: number
  extended: number
  handled: number
  handling_hours: number
}

export const MEASURE_NAMES = [
  'reported',
  'registered',
  'closed',
  'closed_on_time',
  'dispatched',
  'reworked',
  'extended',
  'handled',
  'handling_hours',
] as const satisfies readonly (keyof Measures)[]

/** A case as the roll-ups read it: where it lies, who has it, what became of it. */
export interface CaseOutcome {
  /** The case's id (bigint as text). */
  incident_id: string
  day: string
  grid_l1_id: number
  grid_l2_id: number
  grid_l3_id: number
  category_id: number
  source: string
  department_id: number | null
  worker_id: number | null
  registered: boolean
  closed: boolean
  on_time: boolean
  dispatched: boolean
  reworked: boolean
  extended: boolean
  dispatched_at: Date | null
  handled_at: Date | null
}

export function zeroMeasures(): Measures {
  return {
    reported: 0,
    registered: 0,
    closed: 0,
    closed_on_time: 0,
    dispatched: 0,
    reworked: 0,
    extended: 0,
    handled: 0,
    handling_hours: 0,
  }
}

/** Adds one case to `m`; the working calendar counts its handling hours. */
export function addCase(m: Measures, c: CaseOutcome, calendar: WorkingCalendar): void {
  m.reported += 1
  if (c.registered) m.registered += 1
  if (c.closed) m.closed += 1
  if (c.closed && c.on_time) m.closed_on_time += 1
  if (c.dispatched) m.dispatched += 1
  if (c.dispatched && c.reworked) m.reworked += 1
  if (c.dispatched && c.extended) m.extended += 1
  if (c.dispatched_at && c.handled_at && c.handled_at > c.dispatched_at) {
    m.handled += 1
    m.handling_hours += workingHoursBetween(calendar, c.dispatched_at, c.handled_at)
  }
}
