import { shanghaiDayText, shanghaiIsoText } from '../../../db/shanghai-time.ts'
import { chainAtSql } from '../grids/chain-at.ts'
import type { GridRef } from '../grids/grids-repository.ts'
import { incidentEventDataSql } from '../realtime/incident-event.ts'
import type { EventRow } from '../realtime/live-event.ts'
import type { IncidentSource } from '@wangge/contract'
import { CASE_PREFIX } from './case-number.ts'

/** A report as the worker's form sends it, its fields checked (routes/api/incidents/report-form.ts). */
export interface IncidentReport {
  clientId: string
  categoryCode: string
  description: string
  lng: number
  lat: number
  accuracyM: number | null
  address: string | null
  selfHandled: boolean
}

/** What the filing statement returns of the rows it wrote, times already in +08:00 as the detail query gives them. */
export interface FiledRows {
  incident: { caseNumber: string; accuracyM: number | null; createdAt: string; handledAt: string | null }
  firstStep: { id: string; at: string }
}

/**
 * One report as the filing statement takes it: validated, its category and reporter resolved, and its source
 * (migration 0020) — for a field report the reporter's role, known from the session, so naming it costs the insert
 * nothing.
 */
export type ReportToFile = IncidentReport & { categoryId: number; reporterId: number; source: IncidentSource }

/** What the statement says of one report, in the order the reports were given. */
export interface FilingOutcome {
  /** Null when the point is in no unit grid: then nothing was written for it. */
  chain: [GridRef, GridRef, GridRef] | null
  /**
   * The new incident, or the one its reporter filed earlier under the same clientId; null for a point outside the
   * street, and for a report that met its key already taken by a statement that committed meanwhile, or by an
   * earlier report of the same batch (then `sameReport` reads what was filed).
   */
  id: string | null
  created: boolean
  /** The reporter filed something else under this clientId before: the key is reused, nothing was written. */
  reused: boolean
  history_id: string | null
  event: EventRow | null
  filed: FiledRows['incident'] | null
  first_step: FiledRows['firstStep'] | null
}

/**
 * Whether an incident filed earlier (alias `filed`) holds the same report as a submission (alias `sent`): what the client sends —
 * category, description, point, accuracy, address, on-the-spot handling. A retry of the same report compares equal
 * (the accuracy as the float4 it is stored as); anything else under the same key is a reused key, answered 409.
 * Photos are left out: a retry sends the same files, and their re-encoding is no part of what the reporter said.
 */
export const sameReportSql = (filed: string, sent: string) => `(${filed}.category_id = ${sent}.category_id
  and ${filed}.description = ${sent}.description and ST_X(${filed}.location) = ${sent}.lng and ST_Y(${filed}.location) = ${sent}.lat
  and ${filed}.accuracy_m is not distinct from ${sent}.accuracy_m and ${filed}.address is not distinct from ${sent}.address
  and ${filed}.self_handled = ${sent}.self_handled)`

/**
 * Files any number of reports in one statement: for each it finds the grid chain under the point, takes the day's
 * next case number and writes the incident, its first history row, its audit row and its `incident.created` event. One statement
 * is atomic on its own, so the reports need no explicit transaction; and reports that arrive together share one
 * round trip, one plan and one commit (report-batcher.ts). A report whose clientId its reporter has already used, or
 * whose point is outside the street, takes no number and writes nothing (migration 0010: why numbers come from a
 * sequence). The key is (reporter, clientId) (migration 0013): another user's clientId files that user's own case.
 * Of several reports of one batch under one key, only the first is filed.
 * Parameters are one array per column ($1 … $11), a report per position.
 */
export const FILING_SQL = `
  with input as (
    select * from unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::real[], $8::text[], $9::int[], $10::boolean[], $11::text[])
      with ordinality as r(client_id, category_id, category_code, description, lng, lat, accuracy_m, address, reporter_id, self_handled, source, position)
  ), located as (
    select r.*, chain.chain, chain.l1_id, chain.l2_id, chain.l3_id, existing.id as existing_id,
      ${sameReportSql('existing', 'r')} as existing_same
    from input r
    left join lateral (${chainAtSql('r.lng', 'r.lat')}) chain on true
    left join incidents existing on existing.reporter_id = r.reporter_id and existing.client_id = r.client_id
  ), numbered as (
    select l.*, today.day, next_case_number(today.day) as last
    from (select distinct on (reporter_id, client_id) * from located where chain is not null and existing_id is null
          order by reporter_id, client_id, position) l,
      (select ${shanghaiDayText('now()')} as day) today
  ), inserted as (
    insert into incidents (case_number, client_id, category_id, description, status, location, accuracy_m, address,
      grid_l1_id, grid_l2_id, grid_l3_id, reporter_id, self_handled, handled_at, assignee_user_id, source)
    select '${CASE_PREFIX}-' || to_char(n.day, 'YYYYMMDD') || '-' || lpad(n.last::text, greatest(4, length(n.last::text)), '0'),
      n.client_id, n.category_id, n.description, case when n.self_handled then 'handled' else 'reported' end,
      ST_SetSRID(ST_MakePoint(n.lng, n.lat), 4326), n.accuracy_m, n.address, n.l1_id, n.l2_id, n.l3_id, n.reporter_id, n.self_handled,
      case when n.self_handled then now() end,
      -- Fixed on the spot: the reporter is its assignee, so a failed verification sends the rework back to them.
      case when n.self_handled then n.reporter_id end, n.source
    from numbered n
    on conflict (reporter_id, client_id) do nothing
    returning id, client_id, case_number, status, description, location, due_at, created_at, assignee_user_id, assignee_department_id,
      rework_count, grid_l1_id, grid_l2_id, grid_l3_id, accuracy_m, handled_at, reporter_id, self_handled
  ), history as (
    insert into incident_history (incident_id, actor_id, action, from_status, to_status, note)
    select id, reporter_id, case when self_handled then 'report_handled' else 'report' end, null, status, description from inserted
    returning id, incident_id, at
  ), event as (
    insert into events (type, grid_l1_id, grid_l2_id, grid_l3_id, data)
    select 'incident.created', i.grid_l1_id, i.grid_l2_id, i.grid_l3_id, ${incidentEventDataSql('i', 'r.category_code')}
    from inserted i join numbered r on r.reporter_id = i.reporter_id and r.client_id = i.client_id
    returning seq::text, type, at, grid_l1_id, grid_l2_id, grid_l3_id, data
  ), audit as (
    -- The report's audit row, in the same statement (so the same commit) as the incident. Read by nobody below:
    -- PostgreSQL runs a data-modifying WITH whether or not the outer query reads it.
    insert into audit_log (actor_id, action, entity, entity_id, after)
    select reporter_id, case when self_handled then 'incident.report_handled' else 'incident.report' end, 'incident', id::text,
      json_build_object('caseNumber', case_number, 'status', status)
    from inserted
  )
  select l.chain, coalesce(i.id, l.existing_id)::text as id, i.id is not null as created, h.id::text as history_id,
    (l.existing_id is not null and not l.existing_same) as reused,
    (select row_to_json(e) from event e where (e.data ->> 'id') = i.id::text) as event,
    -- What the reply needs of the new rows, formatted as the detail query formats them (incident-detail.ts).
    case when i.id is not null then json_build_object('caseNumber', i.case_number, 'accuracyM', i.accuracy_m,
      'createdAt', ${shanghaiIsoText('i.created_at')},
      'handledAt', ${shanghaiIsoText('i.handled_at')}) end as filed,
    case when h.id is not null then json_build_object('id', h.id::text, 'at', ${shanghaiIsoText('h.at')}) end as first_step
  from located l
  left join numbered n on n.position = l.position
  left join inserted i on i.reporter_id = n.reporter_id and i.client_id = n.client_id
  left join history h on h.incident_id = i.id
  order by l.position`

/** The statement's parameters: one array per column. */
export function filingParameters(reports: readonly ReportToFile[]): unknown[] {
  const column = <T>(of: (r: ReportToFile) => T) => reports.map(of)
  return [
    column((r) => r.clientId),
    column((r) => r.categoryId),
    column((r) => r.categoryCode),
    column((r) => r.description),
    column((r) => r.lng),
    column((r) => r.lat),
    column((r) => r.accuracyM),
    column((r) => r.address),
    column((r) => r.reporterId),
    column((r) => r.selfHandled),
    column((r) => r.source),
  ]
}

/** The reporter's incident under a clientId, and whether it holds the same report (`sameReportSql`). */
export const FIRST_UNDER_KEY_SQL = `
  select filed.id::text, ${sameReportSql('filed', 'sent')} as same
  from incidents filed,
    (select $3::int category_id, $4::text description, $5::float8 lng, $6::float8 lat, $7::real accuracy_m, $8::text address, $9::boolean self_handled) sent
  where filed.reporter_id = $1::int and filed.client_id = $2::uuid`

export function firstUnderKeyParameters(r: ReportToFile): unknown[] {
  return [r.reporterId, r.clientId, r.categoryId, r.description, r.lng, r.lat, r.accuracyM, r.address, r.selfHandled]
}
