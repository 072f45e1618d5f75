import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { accuracyMetres } from '../../../db/accuracy-metres.ts'
import type { LiveSocket } from './live-socket.ts'
import { reply, settle } from './live-ack.ts'
import { reportWorkerOffDuty, reportWorkerPosition } from '../workers/worker-positions-service.ts'

const PositionPayload = TypeCompiler.Compile(
  Type.Object(
    {
      lat: Type.Number({ minimum: -90, maximum: 90 }),
      lng: Type.Number({ minimum: -180, maximum: 180 }),
      accuracy: Type.Number({ minimum: 0, maximum: 100_000 }),
    },
    { additionalProperties: false },
  ),
)

/**
 * The phone's side of the live channel: `worker.position` and `worker.offDuty`, each answered through its ack with
 * `{ ok: true }` or `{ ok: false, code, message }`, the codes and messages of the HTTP API's errors.
 */
export function registerPositionHandlers(fastify: FastifyInstance, socket: LiveSocket): void {
  const deps = {
    positions: fastify.workerPositionsRepository,
    grids: fastify.gridsRepository,
    events: fastify.realtime,
  }
  const user = socket.data.user

  socket.on('worker.position', (input, ack) => {
    if (!PositionPayload.Check(input)) {
      const first = PositionPayload.Errors(input).First()
      reply(ack, {
        ok: false,
        code: 'VALIDATION_FAILED',
        message: `位置无效 / invalid position: ${first ? `${first.path || '/'} ${first.message}` : 'expected { lat, lng, accuracy }'}`,
      })
      return
    }
    settle(fastify, ack, reportWorkerPosition(deps, user, { ...input, accuracy: accuracyMetres(input.accuracy) }))
  })

  socket.on('worker.offDuty', (ack) => settle(fastify, ack, reportWorkerOffDuty(deps, user)))
}
