import { useQueries } from '@tanstack/react-query'
import { createWorkingCalendar, shanghaiDateOf, type WorkingCalendar } from '@wangge/sla'
import { useMemo } from 'react'
import { fetchCalendarYear } from './department-api.ts'

/**
 * The working calendar of this year and the next (a due time set in late December runs into January), or null
 * while it loads. Holidays change once a year at most, so it is read once per page load.
 */
export function useWorkingCalendar(): WorkingCalendar | null {
  const year = Number(shanghaiDateOf(new Date()).slice(0, 4))
  const years = useQueries({
    queries: [year, year + 1].map((y) => ({
      queryKey: ['calendar', y],
      queryFn: ({ signal }: { signal: AbortSignal }) => fetchCalendarYear(y, signal),
      staleTime: Number.POSITIVE_INFINITY,
    })),
  })
  const [thisYear, nextYear] = [years[0]!.data, years[1]!.data]
  return useMemo(
    () => (thisYear && nextYear ? createWorkingCalendar([...thisYear, ...nextYear]) : null),
    [thisYear, nextYear],
  )
}
