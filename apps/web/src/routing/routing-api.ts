import { queryOptions } from '@tanstack/react-query'
import type { EscalationLadder, RoutingPreview, RoutingRule, RoutingRuleBody, RuleReviewItem } from '@wangge/contract'
import { apiFetch } from '../api/client.ts'

export const rulesQuery = queryOptions({
  queryKey: ['routing', 'rules'],
  queryFn: ({ signal }) => apiFetch<RoutingRule[]>('/routing/rules', { signal }),
})

export const reviewQuery = queryOptions({
  queryKey: ['routing', 'review'],
  queryFn: ({ signal }) => apiFetch<RuleReviewItem[]>('/routing/review', { signal }),
})

export const laddersQuery = queryOptions({
  queryKey: ['escalation', 'ladders'],
  queryFn: ({ signal }) =>
    apiFetch<{ default: EscalationLadder; ladders: EscalationLadder[] }>('/escalation/ladders', { signal }),
})

export const saveRule = (id: number | null, body: RoutingRuleBody) =>
  apiFetch<RoutingRule>(id === null ? '/routing/rules' : `/routing/rules/${id}`, {
    method: id === null ? 'POST' : 'PUT',
    body,
  })

export const removeRule = (id: number) => apiFetch<void>(`/routing/rules/${id}`, { method: 'DELETE' })

export const previewRule = (categoryCode: string, lng: number, lat: number) =>
  apiFetch<RoutingPreview>('/routing/preview', { query: { categoryCode, lng, lat } })
