import { Type } from '@sinclair/typebox'

/**
 * Where a case came from (incidents.source, migration 0020): a grid worker's or a supervisor's report, a 12345
 * hotline work order, an Open311 request from another system, or a patrol.
 */
export const INCIDENT_SOURCES = ['worker', 'supervisor', 'hotline', 'open311', 'patrol'] as const
export type IncidentSource = (typeof INCIDENT_SOURCES)[number]
// Spelt out, not mapped from the list: a mapped array is no tuple, and its static type would be `never`.
export const IncidentSource = Type.Union(
  [
    Type.Literal('worker'),
    Type.Literal('supervisor'),
    Type.Literal('hotline'),
    Type.Literal('open311'),
    Type.Literal('patrol'),
  ],
  {
    description:
      '来源：网格员上报 worker · 监督员上报 supervisor · 12345热线 hotline · Open311 open311 · 巡查发现 patrol / where the case came from',
  },
)

/** The sources as the street reads them (exports, statistics); the web's own labels are in its i18n catalogue. */
export const INCIDENT_SOURCE_ZH: Record<IncidentSource, string> = {
  worker: '网格员上报',
  supervisor: '监督员上报',
  hotline: '12345热线',
  open311: 'Open311',
  patrol: '巡查发现',
}
