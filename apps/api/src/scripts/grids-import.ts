import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { Value } from '@sinclair/typebox/value'
import { formatLocation, GridImportCollection, type GridImportCrs, type GridLocation } from '@wangge/grid'
import { AppError } from '../errors.ts'
import { withDatabase } from '../db/prepare-database.ts'
import { createGridImportService } from '../plugins/app/grids/grid-import-service.ts'
import { commandLineProgress } from './grids-import-progress.ts'
import { requireDatabaseUrl } from './database-url.ts'

// pnpm grids:import FILE.geojson [options] — replaces the grid tree, all or nothing, with the same checks as the API.
const USAGE = `用法 / usage: pnpm grids:import FILE.geojson [--crs wgs84|gcj02] [--derive-parents] [--clip-children] [--no-snap-slivers]
  --crs gcj02          文件为 GCJ-02（高德、DataV 等），转换为 WGS-84 / the file is in GCJ-02, convert it to WGS-84
  --derive-parents     以下级网格合并重建片区和社区 / rebuild areas and communities as the union of their children
  --clip-children      将超出上级的部分裁掉 / cut what spills over each child's parent
  --no-snap-slivers    相邻网格的细小重叠不吸附，直接拒绝 / refuse slivers between neighbours instead of snapping them`

let args: ReturnType<typeof parseCommandLine>
try {
  args = parseCommandLine()
} catch (err) {
  console.error(err instanceof Error ? err.message : err)
  console.error(USAGE)
  process.exit(2)
}
const { file, crs, options } = args

const progress = commandLineProgress(process.stderr)
progress.say(`读取 / reading ${file}`)
// pnpm runs the script inside apps/api; a relative path means the caller's directory.
const resolved = path.resolve(process.env.INIT_CWD ?? process.cwd(), file)
const input: unknown = JSON.parse(await readFile(resolved, 'utf8'))
if (!Value.Check(GridImportCollection, input)) {
  for (const error of [...Value.Errors(GridImportCollection, input)].slice(0, 20))
    console.error(`${error.path}: ${error.message}`)
  process.exit(1)
}
try {
  const result = await withDatabase(requireDatabaseUrl(), (db) =>
    createGridImportService(db).replaceTree(input, { id: null, address: 'cli' }, { crs, ...options }, progress.step),
  )
  progress.done()
  for (const w of result.warnings) console.error(`注意 / warning: ${w.message}`)
  for (const c of result.changes)
    console.log(`${c.kind} ${c.code} #${c.featureIndex}: ${c.message}${at(c.message, c.location)}`)
  console.log(
    `imported / 已导入: level 1 ${result.counts[1]}, level 2 ${result.counts[2]}, level 3 ${result.counts[3]}; removed ${result.removed}; changed ${result.changes.length}`,
  )
} catch (err) {
  progress.stop()
  if (!(err instanceof AppError)) throw err
  console.error(err.message)
  for (const d of err.details ?? []) console.error(' -', describeDetail(d))
  process.exit(1)
}

function parseCommandLine() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      crs: { type: 'string', default: 'wgs84' },
      'derive-parents': { type: 'boolean', default: false },
      'clip-children': { type: 'boolean', default: false },
      'no-snap-slivers': { type: 'boolean', default: false },
    },
  })
  const [file, ...rest] = positionals
  if (!file || rest.length > 0) throw new Error('需要且只需要一个文件 / exactly one file is needed')
  const crs = values.crs
  if (crs !== 'wgs84' && crs !== 'gcj02')
    throw new Error(`--crs 只能是 wgs84 或 gcj02 / --crs must be wgs84 or gcj02, not ${crs}`)
  return {
    file,
    crs: crs as GridImportCrs,
    options: {
      deriveParents: values['derive-parents'],
      clipChildren: values['clip-children'],
      snapSlivers: !values['no-snap-slivers'],
    },
  }
}

/** A problem as one line: kind, code and position in the file, message, and where to look. */
function describeDetail(d: unknown): string {
  if (typeof d !== 'object' || d === null || !('kind' in d)) return JSON.stringify(d)
  const p = d as {
    kind: string
    code: string | null
    featureIndex: number | null
    message: string
    location?: GridLocation | null
  }
  const which = [p.code, p.featureIndex === null ? null : `#${p.featureIndex}`].filter(Boolean).join(' ')
  return `${p.kind}${which ? ` ${which}` : ''}: ${p.message}${at(p.message, p.location ?? null)}`
}

/** The location after a message, unless the message already says it (overlaps, spill-over and gaps do). */
function at(message: string, location: GridLocation | null): string {
  if (!location) return ''
  const text = formatLocation(location)
  return message.includes(text) ? '' : ` @ ${text}`
}
