export {
  SHANGHAI_UTC_OFFSET_HOURS,
  WORKING_PERIODS,
  WORKING_HOURS_PER_DAY,
  type WorkingPeriod,
} from './working-hours.ts'
export { shanghaiDateOf } from './shanghai-day.ts'
export { SHANGHAI_UTC_OFFSET_MS, shanghaiIsoOf, shanghaiMidnightOf } from './shanghai-time.ts'
export { STALE_POSITION_AFTER_S, isStalePosition } from './stale-position.ts'
export { createWorkingCalendar, isWorkingDay, type CalendarDay, type WorkingCalendar } from './working-calendar.ts'
export { addWorkingHours, workingHoursBetween } from './working-time.ts'
export { addWorkingDays } from './working-days.ts'
export { dueAt, type TimeLimit } from './due-at.ts'
export {
  parseCalendarYear,
  MAX_NOTE_LENGTH,
  type CalendarProblem,
  type CalendarProblemKind,
  type CalendarYearDay,
  type CalendarYearResult,
} from './calendar-year.ts'
export { CHINA_2026, CHINA_2026_SOURCE } from './china-2026.ts'
export {
  DEFAULT_LADDER,
  LADDER_AUDIENCES,
  LADDER_LEVELS,
  MAX_LADDER_PERCENT,
  MAX_LADDER_STEPS,
  dueLadderSteps,
  ladderStepAt,
  parseLadderSteps,
  type LadderAudience,
  type LadderLevel,
  type LadderStep,
} from './escalation-ladder.ts'
