import { Ajv } from 'ajv'
import addFormats from 'ajv-formats'
import { expect } from 'vitest'
import type { SignedInApp } from '../helper.ts'
import { withClient } from '../helper.ts'

const ajv = new Ajv({ allErrors: true, strict: true })
addFormats.default(ajv)

/** Asserts a JSON reply against one of the spec's schemas (schemas.ts), naming every problem when it fails. */
export function expectSchema(schema: object, value: unknown): void {
  const validate = ajv.compile(schema)
  const ok = validate(value)
  expect(ok, JSON.stringify(validate.errors, null, 1)).toBe(true)
}

/** The street's code as its grids say it: the first nine digits of its communities' codes. */
export async function streetCode(): Promise<string> {
  return withClient(
    async (c) =>
      (await c.query<{ s: string }>('select distinct left(code, 9) s from grids where level = 1')).rows[0]!.s,
  )
}

/** An admin issues a key through the API; the key as shown that once. */
export async function issueKey(
  admin: SignedInApp,
  options: { name?: string; services?: string[] | null; rateLimitPerMinute?: number } = {},
): Promise<{ key: string; id: number }> {
  const res = await admin.inject({
    method: 'POST',
    url: '/api/open311/keys',
    payload: {
      name: options.name ?? `测试接入 ${Math.random().toString(36).slice(2, 8)}`,
      services: options.services ?? null,
      rateLimitPerMinute: options.rateLimitPerMinute ?? 1000,
    },
  })
  expect(res.statusCode, res.body).toBe(201)
  const body = res.json<{ key: string; record: { id: number } }>()
  return { key: body.key, id: body.record.id }
}

/** Rows an Open311 request would write: incidents, their history, Open311's own rows, events. */
export async function writtenRows(): Promise<Record<string, number>> {
  return withClient(async (c) => {
    const { rows } = await c.query<Record<string, string>>(`select
      (select count(*) from incidents) incidents, (select count(*) from incident_history) history,
      (select count(*) from open311_requests) requests, (select count(*) from events) events,
      (select count(*) from open311_api_keys) keys`)
    return Object.fromEntries(Object.entries(rows[0]!).map(([k, v]) => [k, Number(v)]))
  })
}

/** A form-encoded body for inject. */
export function form(fields: Record<string, string | string[]>) {
  const body = new URLSearchParams()
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one)
  return { payload: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } }
}
