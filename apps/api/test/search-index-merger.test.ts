import { randomUUID } from 'node:crypto'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { mergeSearchIndex, MERGE_INTERVAL_MS } from '../src/plugins/app/incidents/search-index-merger.ts'
import { DEMO, multipart, pointInGrid, signedInApp, withClient } from './helper.ts'

// Reports append their bigrams and visibility tokens (migration 0017) to the index's pending list; the API merges
// it every second (migration 0012).
const worker = await signedInApp(DEMO.worker)
const manager = await signedInApp(DEMO.manager)
afterAll(() => Promise.all([worker.close(), manager.close()]))

async function report(description: string): Promise<string> {
  const here = await pointInGrid('370705002001001')
  const form = multipart({
    clientId: randomUUID(),
    categoryCode: 'E0101',
    description,
    lng: String(here.lng),
    lat: String(here.lat),
  })
  const res = await worker.inject({ method: 'POST', url: '/api/incidents', ...form })
  expect(res.statusCode, res.body).toBe(201)
  return res.json<{ id: string }>().id
}

const search = async (q: string) =>
  (await manager.inject(`/api/incidents?q=${encodeURIComponent(q)}`))
    .json<{ items: { id: string }[] }>()
    .items.map((i) => i.id)

describe('the search index merger', () => {
  it('finds a report by its words before its bigrams are merged and after', async () => {
    const words = `树木倒伏 ${randomUUID().slice(0, 8)}`
    const id = await report(words)
    expect(await search(words.slice(-8))).toEqual([id])
    await mergeSearchIndex(manager.app.kysely)
    expect(await search(words.slice(-8))).toEqual([id])
  })

  // pgstattuple reads the index's metapage; the embedded database has no such extension.
  it.skipIf(inject('embeddedDatabase'))(
    'empties the pending list within a merge interval or two of a report',
    async () => {
      const pendingPages = () =>
        withClient(async (c) => {
          await c.query('create extension if not exists pgstattuple')
          return Number(
            (await c.query(`select pending_pages from pgstatginindex('incidents_search_tokens')`)).rows[0]
              .pending_pages,
          )
        })
      const options = await withClient(
        async (c) =>
          (await c.query(`select reloptions from pg_class where relname = 'incidents_search_tokens'`)).rows[0]
            .reloptions,
      )
      expect(options).toContain('fastupdate=on')
      await report(`公厕门锁损坏 ${randomUUID().slice(0, 8)}`)
      const deadline = Date.now() + 3 * MERGE_INTERVAL_MS
      let pages = await pendingPages()
      while (pages > 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100))
        pages = await pendingPages()
      }
      expect(pages).toBe(0)
    },
  )
})
