import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { Value } from '@sinclair/typebox/value'
import { GridFeatureCollection } from '@wangge/grid'
import { AppError } from '../errors.ts'
import { withDatabase } from '../db/prepare-database.ts'
import { createGridImportService } from '../plugins/app/grids/grid-import-service.ts'
import { requireDatabaseUrl } from './database-url.ts'

// pnpm grids:import FILE.geojson — replaces the grid tree, all or nothing, with the same checks as the API.
const file = process.argv[2]
if (!file) {
  console.error('用法 / usage: pnpm grids:import FILE.geojson')
  process.exit(2)
}
// pnpm runs the script inside apps/api; a relative path means the caller's directory.
const resolved = path.resolve(process.env.INIT_CWD ?? process.cwd(), file)
const input: unknown = JSON.parse(await readFile(resolved, 'utf8'))
if (!Value.Check(GridFeatureCollection, input)) {
  for (const error of [...Value.Errors(GridFeatureCollection, input)].slice(0, 20))
    console.error(`${error.path}: ${error.message}`)
  process.exit(1)
}
try {
  const result = await withDatabase(requireDatabaseUrl(), (db) =>
    createGridImportService(db).replaceTree(input, { id: null, address: 'cli' }),
  )
  console.log(
    `imported / 已导入: level 1 ${result.counts[1]}, level 2 ${result.counts[2]}, level 3 ${result.counts[3]}; removed ${result.removed}`,
  )
} catch (err) {
  if (!(err instanceof AppError)) throw err
  console.error(err.message)
  for (const d of err.details ?? []) console.error(' -', JSON.stringify(d))
  process.exit(1)
}
