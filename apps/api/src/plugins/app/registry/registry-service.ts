import fp from 'fastify-plugin'
import { isIdNumber, isMobilePhone } from '@wangge/accounts'
import { shanghaiDateOf } from '@wangge/sla'
import type { Register, ResidentRow, RevealedResident, VisitFields, VisitRow } from '@wangge/contract'
import { AppError, NotFoundError } from '../../../errors.ts'
import type { Actor } from '../audit/audit-log.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'
import type { IncidentsService } from '../incidents/incidents-service.ts'
import type { ProcessedPhoto } from '../photos/photo-pipeline.ts'
import { createRegistryCipher, type RegistryCipher } from './registry-cipher.ts'
import { importSheet } from './registry-import.ts'
import { templateOf } from './registry-sheets.ts'

const REGISTER_NAMES: Record<Register, string> = {
  residents: '实有人口',
  houses: '实有房屋',
  organisations: '实有单位',
}
import type { RegistryRepository } from './registry-repository.ts'
import { registerExport } from './registry-export.ts'
import type { VisitTarget } from './registry-writes.ts'

/** How a search term is read: a whole ID number or phone is looked up by its keyed hash, never compared in clear. */
function searchOf(cipher: RegistryCipher, q: string | undefined) {
  if (q === undefined) return {}
  const term = q.trim().toUpperCase()
  if (isIdNumber(term)) return { idNumberHash: cipher.lookupHash(term) }
  if (isMobilePhone(term)) return { phoneHash: cipher.lookupHash(term) }
  if (/^[0-9]{3}[0-9X]$/.test(term)) return { maskedTail: term }
  if (/^[0-9]{6}\*{8}[0-9]{3}[0-9X]$/.test(term)) return { maskedTail: term }
  return { text: q.trim() }
}

export function createRegistryService(
  repository: RegistryRepository,
  incidents: Pick<IncidentsService, 'report'>,
  cipher: RegistryCipher,
) {
  return {
    searchResidents(
      user: SignedInUser,
      query: {
        q?: string | undefined
        tag?: string | undefined
        grid?: number | undefined
        cursor?: string | undefined
        limit: number
      },
    ): Promise<ResidentRow[]> {
      return repository.searchResidents(user, {
        ...searchOf(cipher, query.q),
        tag: query.tag,
        gridId: query.grid,
        afterId: query.cursor === undefined ? undefined : Number(query.cursor),
        limit: query.limit,
      })
    },

    /**
     * One resident's whole ID number and phone, for a reason that goes into the audit log with the reveal (in
     * the same transaction: no reveal without its row). The numbers themselves are never written to the log.
     */
    async reveal(user: SignedInUser, residentId: number, reason: string, actor: Actor): Promise<RevealedResident> {
      return repository.transaction(async (tx) => {
        const sealed = await tx.sealedResident(user, residentId)
        if (!sealed) throw new NotFoundError('人员 resident')
        await tx.audit(actor, {
          action: 'registry.reveal',
          entity: 'resident',
          entityId: residentId,
          after: { reason },
        })
        return {
          id: sealed.id,
          name: sealed.name,
          idNumber: cipher.open(sealed.id_number_cipher),
          phone: sealed.phone_cipher ? cipher.open(sealed.phone_cipher) : null,
        }
      })
    },

    /**
     * Files a visit from the phone's outbox. The clientId makes it idempotent per worker: a resend answers the visit
     * filed the first time (created false). A problem found becomes an incident in the same step, through the
     * report's own path under the visit's clientId, so a resend finds that incident too instead of filing another.
     */
    async recordVisit(
      worker: SignedInUser,
      fields: VisitFields,
      photos: readonly ProcessedPhoto[],
    ): Promise<{ created: boolean; visit: VisitRow }> {
      const filed = await repository.visitByClientId(worker.id, fields.clientId)
      if (filed) return { created: false, visit: filed }
      const target: VisitTarget = {
        houseId: fields.houseId,
        residentId: fields.residentId,
        organisationId: fields.organisationId,
      }
      if ([target.houseId, target.residentId, target.organisationId].filter((t) => t !== undefined).length !== 1)
        throw new AppError(
          400,
          'VALIDATION_FAILED',
          '请选择一个走访对象（房屋、人员或单位）/ name one house, resident or organisation',
          [{ field: 'body.houseId', message: 'exactly one of houseId, residentId, organisationId' }],
        )
      const place = await repository.placeTarget(worker, target)
      if (!place) throw new NotFoundError('走访对象 visit target')
      if ((fields.problem === undefined) !== (fields.categoryCode === undefined))
        throw new AppError(400, 'VALIDATION_FAILED', '发现问题时请同时填写问题和类别 / a problem needs its category', [
          { field: 'body.categoryCode', message: 'problem and categoryCode go together' },
        ])
      const point = fields.lng !== undefined && fields.lat !== undefined ? { lng: fields.lng, lat: fields.lat } : null
      let incidentId: string | null = null
      if (fields.problem !== undefined && fields.categoryCode !== undefined) {
        const report = await incidents.report(
          worker,
          {
            clientId: fields.clientId,
            categoryCode: fields.categoryCode,
            description: `走访发现：${fields.problem}`,
            lng: place.lng,
            lat: place.lat,
            accuracyM: null,
            address: place.address,
            selfHandled: false,
          },
          photos,
        )
        incidentId = report.id
      }
      await repository.transaction(async (tx) => {
        await tx.savePhotos(photos)
        const id = await tx.insertVisit({
          clientId: fields.clientId,
          workerId: worker.id,
          target,
          visitedAt: new Date(fields.visitedAt),
          notes: fields.notes,
          problem: fields.problem ?? null,
          incidentId,
          point,
          accuracyM: fields.accuracy ?? null,
          chain: place,
        })
        if (id)
          await tx.addVisitPhotos(
            id,
            photos.map((p) => p.sha256),
          )
      })
      const visit = await repository.visitByClientId(worker.id, fields.clientId)
      return { created: true, visit: visit! }
    },

    /** The register's import template: its header row, an example and the allowed values. */
    async template(register: Register) {
      return {
        bytes: await templateOf(register),
        name: `${REGISTER_NAMES[register]}-导入模板.xlsx`,
        asciiName: `registry-${register}-template.xlsx`,
      }
    },

    importSheet: (user: SignedInUser, register: Parameters<typeof importSheet>[3], bytes: Buffer, actor: Actor) =>
      importSheet(repository, cipher, user, register, bytes, actor),

    exportRegister: (
      user: SignedInUser,
      register: Parameters<typeof registerExport>[2],
      query: { reason: string; grid?: number | undefined },
      actor: Actor,
    ) => registerExport(repository, user, register, query, actor, shanghaiDateOf(new Date())),
  }
}

export type RegistryService = ReturnType<typeof createRegistryService>

declare module 'fastify' {
  interface FastifyInstance {
    registryService: RegistryService
  }
}

export interface RegistryServiceOptions {
  /** DATA_KEY, resolved by the server (or the tests) before the app is built. */
  dataKey: string
}

export default fp<RegistryServiceOptions>(
  (fastify, { dataKey }) => {
    fastify.decorate(
      'registryService',
      createRegistryService(fastify.registryRepository, fastify.incidentsService, createRegistryCipher(dataKey)),
    )
  },
  { name: 'registry-service', dependencies: ['registry-repository', 'incidents-service'] },
)
