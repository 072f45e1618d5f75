import fp from 'fastify-plugin'
import type {} from '../../external/database.ts'
import { sql, type Kysely } from 'kysely'
import type { EscalationLadder, NotificationPayload, SupervisedCase } from '@wangge/contract'
import type { LadderStep } from '@wangge/sla'
import type { Database } from '../../../db/database-schema.ts'
import { transactional } from '../../../db/transactional.ts'
import { writeAudit, type Actor, type AuditEntry } from '../audit/audit-log.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'
import { incidentRowVisibleTo } from '../incidents/incident-visibility.ts'
import { writeNotices, type Notice, type WrittenNotice } from '../notifications/notices.ts'

export function createEscalationRepository(db: Kysely<Database>) {
  return transactional(db, escalationQueries)
}

function escalationQueries(db: Kysely<Database>) {
  return {
    /** The stored ladders: the street's default first, then by sub-category code. */
    async ladders(): Promise<EscalationLadder[]> {
      const { rows } = await sql<EscalationLadder>`
        select (select json_build_object('id', c.id, 'code', c.code, 'name', c.name) from categories c where c.id = l.category_id) as category,
          l.steps
        from escalation_ladders l left join categories c on c.id = l.category_id
        order by c.code nulls first`.execute(db)
      return rows
    },

    async isSubCategory(id: number): Promise<boolean> {
      const { rows } = await sql`select 1 from categories where id = ${id} and parent_id is not null`.execute(db)
      return rows.length > 0
    },

    /** Writes a ladder (the street's when `categoryId` is null), replacing the one stored. */
    async saveLadder(categoryId: number | null, steps: readonly LadderStep[], actorId: number): Promise<void> {
      await sql`delete from escalation_ladders where category_id is not distinct from ${categoryId}::int`.execute(db)
      await sql`insert into escalation_ladders (category_id, steps, updated_by)
        values (${categoryId}::int, ${JSON.stringify(steps)}::jsonb, ${actorId})`.execute(db)
    },

    async removeLadder(categoryId: number): Promise<boolean> {
      const result = await sql`delete from escalation_ladders where category_id = ${categoryId}`.execute(db)
      return Number(result.numAffectedRows ?? 0) > 0
    },

    /** Cases under 督办 in the user's reach and not yet closed: the dashboard's pinned list, oldest first. */
    async supervised(user: SignedInUser): Promise<SupervisedCase[]> {
      const { rows } = await sql<SupervisedCase>`
        select i.id::text as id, i.case_number as "caseNumber", i.status, c.name as category,
          left(i.description, 120) as description,
          to_char(i.due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "dueAt",
          to_char(i.supervised_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "supervisedAt",
          u.name as "supervisedBy"
        from incidents i join categories c on c.id = i.category_id join users u on u.id = i.supervised_by
        where i.supervised_at is not null and i.status not in ('closed', 'rejected') and ${incidentRowVisibleTo(user)}
        order by i.supervised_at limit 200`.execute(db)
      return rows
    },

    /**
     * Reports waiting longer than `minutes` to be registered, past the watch's mark, told to their supervisors once:
     * the status index finds reported cases past the last id looked at, and the mark moves past every case that is
     * old enough — registered or not — so each is looked at once.
     */
    async watchRegistrations(now: Date, minutes: number): Promise<WrittenNotice[]> {
      const {
        rows: [watch],
      } = await sql<{ last: string }>`
        select last_incident_id::text as last from registration_watch for update skip locked`.execute(db)
      if (!watch) return []
      const { rows } = await sql<{ id: string; case_number: string; category: string; supervisors: number[] }>`
        select i.id::text, i.case_number, c.name as category,
          array(select distinct u.id from user_grids ug join users u on u.id = ug.user_id and u.role = 'supervisor' and u.active
            where ug.grid_id in (i.grid_l1_id, i.grid_l2_id, i.grid_l3_id)) as supervisors
        from incidents i join categories c on c.id = i.category_id
        where i.status = 'reported' and i.id > ${watch.last}::bigint
          and i.created_at <= ${now}::timestamptz - make_interval(mins => ${minutes}::int)
        order by i.id limit 500`.execute(db)
      if (rows.length === 0) return []
      await sql`update registration_watch set last_incident_id = ${rows.at(-1)!.id}::bigint`.execute(db)
      const notices: Notice[] = rows.map((r) => {
        const payload: NotificationPayload = {
          incidentId: r.id,
          caseNumber: r.case_number,
          category: r.category,
          note: null,
          dueAt: null,
        }
        return {
          userIds: r.supervisors,
          kind: 'report.waiting',
          incidentId: r.id,
          dedupeKey: `waiting:${r.id}`,
          payload,
        }
      })
      return writeNotices(db, notices)
    },

    audit(actor: Actor, entry: AuditEntry): Promise<void> {
      return writeAudit(db, actor, entry)
    },
  }
}

export type EscalationRepository = ReturnType<typeof createEscalationRepository>

declare module 'fastify' {
  interface FastifyInstance {
    escalationRepository: EscalationRepository
  }
}

export default fp(
  (fastify) => {
    fastify.decorate('escalationRepository', createEscalationRepository(fastify.kysely))
  },
  { name: 'escalation-repository', dependencies: ['database'] },
)
