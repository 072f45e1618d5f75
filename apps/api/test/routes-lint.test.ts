import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { ESLint, type Linter } from 'eslint'
import tseslint from 'typescript-eslint'
import { beforeAll, describe, expect, it } from 'vitest'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
const FIXTURES = path.join(ROOT, 'apps/api/test/fixtures/routes-lint')
const ROUTES_GLOB = 'apps/api/src/routes/**/*.ts'
// Where a fixture's text is linted as if it lay: among the routes, where the rule applies (the file need not exist).
const AS_ROUTE = path.join(ROOT, 'apps/api/src/routes/api/lint-fixture/index.ts')
const RULES = ['@typescript-eslint/no-restricted-imports', 'no-restricted-properties']

let workspace: Linter.Config[]
let routesOnly: ESLint

beforeAll(async () => {
  workspace = ((await import(pathToFileURL(path.join(ROOT, 'eslint.config.js')).href)) as { default: Linter.Config[] })
    .default
  const routesRule = workspace.find((block) => block.files?.includes(ROUTES_GLOB))
  if (!routesRule) throw new Error(`eslint.config.js has no block for ${ROUTES_GLOB}`)
  // The workspace's routes block as it is written, alone: the typed rules around it need a whole program built
  // (minutes on a busy machine) and have nothing to say about imports. The last test checks that the workspace's
  // config gives real route files this same block.
  routesOnly = new ESLint({
    cwd: ROOT,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tseslint.parser },
        plugins: { '@typescript-eslint': tseslint.plugin },
      },
      routesRule,
    ],
  })
})

async function lintAsRoute(text: string) {
  const [result] = await routesOnly.lintText(text, { filePath: AS_ROUTE })
  return result!.messages.map((m) => ({ line: m.line, rule: m.ruleId, message: m.message }))
}

const fixture = (name: string) => readFile(path.join(FIXTURES, name), 'utf8')

describe('the routes rule: no database client in apps/api/src/routes', () => {
  it('refuses a route that imports kysely, pg or @fastify/postgres, or reaches fastify.kysely or fastify.pg', async () => {
    const text = await fixture('queries-in-route.ts')
    const messages = await lintAsRoute(text)
    // A problem on each line the fixture marks "refused" (`import { sql } from 'kysely'` twice: module and name), nothing else.
    const marked = text.split('\n').flatMap((line, index) => (line.includes('// refused:') ? [index + 1] : []))
    expect(marked).toHaveLength(5)
    expect([...new Set(messages.map((m) => m.line))]).toEqual(marked)
    expect(messages.every((m) => RULES.includes(m.rule!))).toBe(true)
  })

  it('refuses `sql` imported from anywhere, under any local name', async () => {
    const messages = await lintAsRoute(
      "import { sql as query } from '../../../db/any-helper.ts'\nexport const q = query\n",
    )
    expect(messages).toEqual([expect.objectContaining({ line: 1, rule: '@typescript-eslint/no-restricted-imports' })])
  })

  it('passes a thin route that calls its capability', async () => {
    expect(await lintAsRoute(await fixture('thin-route.ts'))).toEqual([])
  })

  it('is what `pnpm lint` applies to every route file, and the fixtures stay out of `pnpm lint`', async () => {
    const eslint = new ESLint({ cwd: ROOT })
    const config = (await eslint.calculateConfigForFile(
      path.join(ROOT, 'apps/api/src/routes/api/grids/index.ts'),
    )) as Linter.Config
    for (const rule of RULES) expect(config.rules?.[rule]).toBeDefined()
    expect(JSON.stringify(config.rules?.['no-restricted-properties'])).toContain('"property":"kysely"')
    expect(await eslint.isPathIgnored(path.join(FIXTURES, 'queries-in-route.ts'))).toBe(true)
    expect(await eslint.isPathIgnored(path.join(FIXTURES, 'thin-route.ts'))).toBe(true)
  })
})
