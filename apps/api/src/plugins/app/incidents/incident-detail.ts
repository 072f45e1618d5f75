import { sql, type Kysely } from 'kysely'
import type { IncidentDetail as IncidentDetailReply } from '@wangge/contract'
import type { Database } from '../../../db/database-schema.ts'
import { printableShanghaiIso, shanghaiIso } from '../../../db/shanghai-time.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'
import { incidentRowVisibleTo } from './incident-visibility.ts'

// A case's times go out through printableShanghaiIso: an extension stored before extensions were limited to a year
// may lie past year 9999.

/** The reply of GET /api/incidents/{id} but its `actions`, which the route adds for whoever asks. */
export type IncidentDetail = Omit<IncidentDetailReply, 'actions'>

/** One incident with its chain, people, photos and history, if the user may see it; one query. */
export async function findIncidentDetail(
  db: Kysely<Database>,
  user: SignedInUser,
  id: string,
): Promise<IncidentDetail | undefined> {
  return asDetail(await detailQuery(db, user, id).executeTakeFirst())
}

type DetailRow = Omit<IncidentDetail, 'id'> & { id: string | number }

function asDetail(row: DetailRow | undefined): IncidentDetail | undefined {
  return row ? { ...row, id: String(row.id) } : undefined
}

function detailQuery(db: Kysely<Database>, user: SignedInUser, id: string) {
  return db
    .selectFrom('incidents as i')
    .innerJoin('categories as c', 'c.id', 'i.category_id')
    .innerJoin('users as r', 'r.id', 'i.reporter_id')
    .select([
      'i.id',
      'i.case_number as caseNumber',
      'i.client_id as clientId',
      'i.status',
      'i.description',
      'i.accuracy_m as accuracyM',
      'i.address',
      'i.self_handled as selfHandled',
      'i.source',
      'i.closed_on_time as closedOnTime',
      'i.rework_count as reworkCount',
      'i.extension_count as extensionCount',
      sql<
        IncidentDetail['category']
      >`json_build_object('id', c.id, 'code', c.code, 'name', c.name, 'nameEn', c.name_en)`.as('category'),
      sql<IncidentDetail['location']>`json_build_object('lng', ST_X(i.location), 'lat', ST_Y(i.location))`.as(
        'location',
      ),
      sql<
        IncidentDetail['grids']
      >`(select json_agg(json_build_object('id', g.id, 'code', g.code, 'level', g.level, 'name', g.name) order by g.level)
        from grids g where g.id in (i.grid_l1_id, i.grid_l2_id, i.grid_l3_id))`.as('grids'),
      sql<IncidentDetail['reporter']>`json_build_object('id', r.id, 'name', r.name)`.as('reporter'),
      sql<IncidentDetail['assignee']>`json_build_object(
        'user', (select json_build_object('id', u.id, 'name', u.name) from users u where u.id = i.assignee_user_id),
        'department', (select json_build_object('id', d.id, 'code', d.code, 'name', d.name) from departments d where d.id = i.assignee_department_id))`.as(
        'assignee',
      ),
      printableShanghaiIso('i.registered_at').as('registeredAt'),
      printableShanghaiIso('i.dispatched_at').as('dispatchedAt'),
      printableShanghaiIso('i.due_at').as('dueAt'),
      printableShanghaiIso('i.handled_at').as('handledAt'),
      printableShanghaiIso('i.closed_at').as('closedAt'),
      printableShanghaiIso('i.created_at').as('createdAt'),
      sql<
        IncidentDetail['photos']
      >`(select coalesce(json_agg(json_build_object('sha256', p.photo_sha256, 'kind', p.kind) order by p.kind desc, p.position), '[]'::json)
        from incident_photos p where p.incident_id = i.id)`.as('photos'),
      sql<IncidentDetail['history']>`(select coalesce(json_agg(json_build_object(
          'id', h.id::text, 'at', ${shanghaiIso('h.at')},
          'actor', json_build_object('id', a.id, 'name', a.name), 'action', h.action, 'from', h.from_status, 'to', h.to_status,
          'note', h.note, 'data', h.data) order by h.id), '[]'::json)
        from incident_history h join users a on a.id = h.actor_id where h.incident_id = i.id)`.as('history'),
    ])
    .where('i.id', '=', id)
    .where(incidentRowVisibleTo(user))
    .$castTo<DetailRow>()
}
