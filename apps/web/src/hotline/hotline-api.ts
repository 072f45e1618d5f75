import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query'
import type {
  HotlineImportReport,
  HotlineOrderDetail,
  HotlineOrder,
  HotlineStatus,
  RevisitResult,
} from '@wangge/contract'
import { ApiError } from '../api/api-error.ts'
import { apiFetch } from '../api/client.ts'
import type { Page } from '@wangge/contract'

export type { HotlineImportReport, HotlineOrder, HotlineOrderDetail, HotlineStatus, RevisitResult }

/** The order list, newest first, one status or all; every hotline query sits under ['hotline']. */
export const hotlineOrdersQuery = (status: HotlineStatus | null) =>
  infiniteQueryOptions({
    queryKey: ['hotline', 'orders', status],
    queryFn: ({ pageParam, signal }) =>
      apiFetch<Page<HotlineOrder>>('/hotline/orders', {
        query: { status: status ?? undefined, cursor: pageParam ?? undefined, limit: 50 },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  })

/** A case's hotline order for its case page, or null when the case did not come from the hotline. */
export const hotlineCaseQuery = (incidentId: string) =>
  queryOptions({
    queryKey: ['hotline', 'case', incidentId],
    queryFn: async ({ signal }) => {
      try {
        return await apiFetch<HotlineOrderDetail>(`/hotline/cases/${incidentId}`, { signal })
      } catch (error) {
        if (error instanceof ApiError && error.statusCode === 404) return null
        throw error
      }
    },
  })

/** Uploads an XLSX of orders; the reply says row by row what was taken and why the others were refused. */
export function importOrderSheet(file: File): Promise<HotlineImportReport> {
  const form = new FormData()
  form.append('file', file)
  return apiFetch<HotlineImportReport>('/hotline/orders/import', { method: 'POST', body: form })
}

export type HotlineStepBody =
  | { step: 'sign' }
  | { step: 'reply'; result: string }
  | { step: 'return'; reason: string }
  | { step: 'revisit'; result: RevisitResult; note?: string }

/** One step with the city on an order: 签收, 回单, 退单 or 回访. */
export function takeHotlineStep(orderId: string, { step, ...body }: HotlineStepBody): Promise<HotlineOrderDetail> {
  return apiFetch<HotlineOrderDetail>(`/hotline/orders/${orderId}/${step}`, { method: 'POST', body })
}
