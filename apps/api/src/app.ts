import path from 'node:path'
import { fileURLToPath } from 'node:url'
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import database from './plugins/external/database.ts'
import databaseNotifications from './plugins/external/database-notifications.ts'
import openapi from './plugins/external/openapi.ts'
import compression from './plugins/external/compression.ts'
import securityHeaders from './plugins/external/security-headers.ts'
import webApp from './plugins/external/web-app.ts'
import sessions from './plugins/external/sessions.ts'
import rateLimit from './plugins/external/rate-limit.ts'
import rateCounters from './plugins/app/rate-counters/rate-counters-plugin.ts'
import multipart from './plugins/external/multipart.ts'
import errorHandler from './plugins/app/error-handler.ts'
import gridsRepository from './plugins/app/grids/grids-repository.ts'
import gridImportService from './plugins/app/grids/grid-import-service.ts'
import gridTilesService from './plugins/app/grids/grid-tiles-service.ts'
import originCheck from './plugins/app/origin-check.ts'
import usersRepository from './plugins/app/accounts/users-repository.ts'
import authentication from './plugins/app/accounts/authentication.ts'
import authService from './plugins/app/accounts/auth-service.ts'
import usersService from './plugins/app/accounts/users-service.ts'
import photoStorage from './plugins/app/photos/photos-plugin.ts'
import photosRepository from './plugins/app/photos/photos-repository.ts'
import workerPositionsRepository from './plugins/app/workers/worker-positions-repository.ts'
import stationsRepository from './plugins/app/stations/stations-repository.ts'
import stationsService from './plugins/app/stations/stations-service.ts'
import eventsRepository from './plugins/app/realtime/events-repository.ts'
import realtime from './plugins/app/realtime/realtime-server.ts'
import auditRepository from './plugins/app/audit/audit-repository.ts'
import departmentsRepository from './plugins/app/departments/departments-repository.ts'
import categoriesRepository from './plugins/app/categories/categories-repository.ts'
import calendarRepository from './plugins/app/calendar/calendar-repository.ts'
import calendarService from './plugins/app/calendar/calendar-service.ts'
import statsRepository from './plugins/app/stats/stats-repository.ts'
import statsService from './plugins/app/stats/stats-service.ts'
import dashboardRepository from './plugins/app/dashboard/dashboard-repository.ts'
import dashboardService from './plugins/app/dashboard/dashboard-service.ts'
import dashboardRollupConsumer from './plugins/app/dashboard/rollup-consumer.ts'
import healthRepository from './plugins/app/health/health-repository.ts'
import searchIndexMerger from './plugins/app/incidents/search-index-merger.ts'
import clusterCellsFolder from './plugins/app/incidents/cluster-cells-folder.ts'
import reportBatcher from './plugins/app/incidents/report-batcher.ts'
import incidentsRepository from './plugins/app/incidents/incidents-repository.ts'
import incidentsService from './plugins/app/incidents/incidents-service.ts'
import incidentClusters from './plugins/app/incidents/incident-clusters.ts'
import incidentGridLoads from './plugins/app/incidents/incident-grid-loads.ts'
import apiKeysRepository from './plugins/app/open311/api-keys-repository.ts'
import apiKeysService from './plugins/app/open311/api-keys-service.ts'
import open311Repository from './plugins/app/open311/open311-repository.ts'
import open311Service from './plugins/app/open311/open311-service.ts'
import registryRepository from './plugins/app/registry/registry-repository.ts'
import registryService from './plugins/app/registry/registry-service.ts'
import { registryDataKey } from './plugins/app/registry/registry-cipher.ts'
import notificationsRepository from './plugins/app/notifications/notifications-repository.ts'
import notifications from './plugins/app/notifications/notifications-service.ts'
import routingRepository from './plugins/app/routing/routing-repository.ts'
import routingService from './plugins/app/routing/routing-service.ts'
import escalationRepository from './plugins/app/escalation/escalation-repository.ts'
import escalationService from './plugins/app/escalation/escalation-service.ts'
import hotlineRepository from './plugins/app/hotline/hotline-repository.ts'
import hotlineService from './plugins/app/hotline/hotline-service.ts'
import patrolsRepository from './plugins/app/patrols/patrols-repository.ts'
import patrolsService from './plugins/app/patrols/patrols-service.ts'
import patrolRetention from './plugins/app/patrols/patrol-retention.ts'
import coverageRepository from './plugins/app/patrols/coverage-repository.ts'
import assessmentRepository from './plugins/app/assessment/assessment-repository.ts'
import assessmentService from './plugins/app/assessment/assessment-service.ts'
import healthRoutes from './routes/api/health/index.ts'
import configRoutes from './routes/api/config/index.ts'
import gridRoutes from './routes/api/grids/index.ts'
import authRoutes from './routes/api/auth/index.ts'
import userRoutes from './routes/api/users/index.ts'
import departmentRoutes from './routes/api/departments/index.ts'
import auditRoutes from './routes/api/audit/index.ts'
import categoryRoutes from './routes/api/categories/index.ts'
import incidentRoutes from './routes/api/incidents/index.ts'
import open311KeyRoutes from './routes/api/open311-keys/index.ts'
import open311Routes from './routes/open311/index.ts'
import photoRoutes from './routes/api/photos/index.ts'
import calendarRoutes from './routes/api/calendar/index.ts'
import statsRoutes from './routes/api/stats/index.ts'
import dashboardRoutes from './routes/api/dashboard/index.ts'
import stationRoutes from './routes/api/stations/index.ts'
import workerRoutes from './routes/api/workers/index.ts'
import registryRoutes from './routes/api/registry/index.ts'
import routingRoutes from './routes/api/routing/index.ts'
import escalationRoutes from './routes/api/escalation/index.ts'
import notificationRoutes from './routes/api/notifications/index.ts'
import hotlineRoutes from './routes/api/hotline/index.ts'
import patrolRoutes from './routes/api/patrols/index.ts'
import coverageRoutes from './routes/api/patrol-coverage/index.ts'
import assessmentRoutes from './routes/api/assessment/index.ts'
import { trustProxyOf, type Config } from './config.ts'

export interface AppOptions {
  config: Config
  databaseUrl: string
  embedded?: boolean
  logger?: FastifyServerOptions['logger']
  /** A logger made beforehand (the server's, which has already told the database's first-start steps). */
  loggerInstance?: FastifyBaseLogger
}

const DEFAULT_WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist')

/** Builds the whole app in three tiers: external plugins, then app plugins (repositories, services), then routes. */
export async function buildApp({
  config,
  databaseUrl,
  embedded = false,
  logger,
  loggerInstance,
}: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(loggerInstance ? { loggerInstance } : { logger: logger ?? { level: config.LOG_LEVEL } }),
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: true } },
    trustProxy: trustProxyOf(config.TRUST_PROXY),
    // 1 MB of JSON for any route that names no larger limit (only the grid import does, for admins).
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<TypeBoxTypeProvider>()
  const webDist = config.WEB_DIST ? path.resolve(config.WEB_DIST) : DEFAULT_WEB_DIST

  await app.register(database, { connectionString: databaseUrl, embedded })
  await app.register(databaseNotifications, { connectionString: databaseUrl, embedded })
  await app.register(openapi)
  await app.register(compression)
  await app.register(securityHeaders, {
    tileUrl: config.TILE_URL,
    publicUrl: config.PUBLIC_URL,
    indexHtml: path.join(webDist, 'index.html'),
  })
  await app.register(webApp, { root: webDist })
  await app.register(sessions, {
    secret: config.SESSION_SECRET,
    dataDir: config.DATA_DIR,
    secure: config.PUBLIC_URL?.startsWith('https:') ?? false,
  })
  await app.register(rateCounters, { redisUrl: config.REDIS_URL })
  await app.register(rateLimit)
  await app.register(multipart)

  await app.register(errorHandler)
  await app.register(healthRepository)
  await app.register(auditRepository)
  await app.register(departmentsRepository)
  await app.register(categoriesRepository)
  await app.register(calendarRepository)
  await app.register(calendarService)
  await app.register(statsRepository)
  await app.register(statsService)
  await app.register(dashboardRepository)
  await app.register(dashboardService)
  await app.register(gridsRepository)
  await app.register(gridImportService)
  await app.register(gridTilesService)
  await app.register(originCheck, { publicUrl: config.PUBLIC_URL })
  await app.register(usersRepository)
  await app.register(authentication)
  await app.register(authService)
  await app.register(usersService)
  await app.register(photoStorage, { dataDir: config.DATA_DIR, photoStore: config.PHOTO_STORE })
  await app.register(photosRepository)
  await app.register(workerPositionsRepository)
  await app.register(eventsRepository)
  await app.register(realtime, { redisUrl: config.REDIS_URL, publicUrl: config.PUBLIC_URL })
  await app.register(stationsRepository)
  await app.register(stationsService)
  await app.register(searchIndexMerger)
  await app.register(clusterCellsFolder)
  await app.register(dashboardRollupConsumer)
  await app.register(reportBatcher)
  await app.register(incidentsRepository)
  await app.register(incidentsService)
  await app.register(incidentClusters)
  await app.register(incidentGridLoads)
  await app.register(apiKeysRepository)
  await app.register(apiKeysService)
  await app.register(open311Repository)
  await app.register(open311Service)
  await app.register(registryRepository)
  await app.register(registryService, { dataKey: await registryDataKey(config.DATA_KEY, config.DATA_DIR) })
  await app.register(notificationsRepository)
  await app.register(notifications, { dataDir: config.DATA_DIR, publicUrl: config.PUBLIC_URL })
  await app.register(routingRepository)
  await app.register(routingService)
  await app.register(escalationRepository)
  await app.register(escalationService)
  await app.register(hotlineRepository)
  await app.register(hotlineService, { dataKey: config.DATA_KEY, dataDir: config.DATA_DIR })
  await app.register(patrolsRepository)
  await app.register(patrolsService)
  await app.register(patrolRetention)
  await app.register(coverageRepository)
  await app.register(assessmentRepository)
  await app.register(assessmentService)

  await app.register(healthRoutes)
  await app.register(configRoutes, {
    tileUrl: config.TILE_URL,
    tileAttribution: config.TILE_ATTRIBUTION,
    streetName: config.STREET_NAME,
  })
  await app.register(gridRoutes)
  await app.register(authRoutes)
  await app.register(userRoutes)
  await app.register(departmentRoutes)
  await app.register(auditRoutes)
  await app.register(categoryRoutes)
  await app.register(incidentRoutes)
  await app.register(open311KeyRoutes)
  await app.register(open311Routes, {
    prefix: '/open311/v2',
    publicUrl: config.PUBLIC_URL,
    streetName: config.STREET_NAME,
  })
  await app.register(photoRoutes)
  await app.register(calendarRoutes)
  await app.register(statsRoutes)
  await app.register(dashboardRoutes)
  await app.register(stationRoutes)
  await app.register(workerRoutes)
  await app.register(registryRoutes)
  await app.register(routingRoutes)
  await app.register(escalationRoutes)
  await app.register(notificationRoutes)
  await app.register(hotlineRoutes)
  await app.register(patrolRoutes)
  await app.register(coverageRoutes)
  await app.register(assessmentRoutes)

  await app.ready()
  return app
}
