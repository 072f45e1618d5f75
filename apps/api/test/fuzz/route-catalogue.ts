import type { FastifyInstance } from 'fastify'
import type { FieldSchema } from './fuzz-values.ts'

/** Where a field travels: the path, the query string, a JSON body or a multipart form. */
export type FieldPlace = 'path' | 'query' | 'json' | 'multipart'

export interface FuzzRoute {
  method: string
  /** Fastify's form, e.g. `/api/users/:id`. */
  path: string
  fields: { place: FieldPlace; name: string; schema: FieldSchema; required: boolean }[]
  /** The body's own schema, for whole-body values (an array where an object belongs, null, a string). */
  body?: { place: 'json' | 'multipart'; schema: FieldSchema }
}

interface OpenApiOperation {
  parameters?: { in: string; name: string; required?: boolean; schema: FieldSchema }[]
  requestBody?: { content: Record<string, { schema: FieldSchema }> }
}

/**
 * Every route of the built app with the fields its own schema declares, read from the OpenAPI document that
 * @fastify/swagger builds from the routes. Bodies that a route reads by hand (multipart forms, a step's JSON or
 * multipart body) have no route schema; `handParsed` supplies theirs.
 */
export function routeCatalogue(
  app: FastifyInstance,
  handParsed: Record<string, { place: 'json' | 'multipart'; schema: FieldSchema }[]>,
): FuzzRoute[] {
  const doc = (app as unknown as { swagger(): { paths: Record<string, Record<string, OpenApiOperation>> } }).swagger()
  const routes: FuzzRoute[] = []
  for (const [openApiPath, operations] of Object.entries(doc.paths)) {
    // The API and the Open311 server (/open311/v2, whose POST form is fuzzed by open311-bad-input.test.ts).
    if (!/^\/(api|open311)\//.test(openApiPath) || openApiPath.startsWith('/api/docs')) continue
    const path = openApiPath.replace(/\{([^}]+)\}/g, ':$1')
    for (const [method, op] of Object.entries(operations)) {
      const route: FuzzRoute = { method: method.toUpperCase(), path, fields: [] }
      for (const p of op.parameters ?? []) {
        if (p.in === 'path' || p.in === 'query')
          route.fields.push({ place: p.in, name: p.name, schema: p.schema, required: p.required ?? false })
      }
      const bodies = [
        ...Object.entries(op.requestBody?.content ?? {})
          .filter(([type]) => type === 'application/json')
          .map(([, c]) => ({ place: 'json' as const, schema: c.schema })),
        ...(handParsed[`${route.method} ${path}`] ?? []),
      ]
      for (const body of bodies) {
        route.body ??= body
        for (const [name, schema] of Object.entries(body.schema.properties ?? {})) {
          route.fields.push({
            place: body.place,
            name,
            schema,
            required: body.schema.required?.includes(name) ?? false,
          })
        }
      }
      routes.push(route)
    }
  }
  return routes.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`))
}
