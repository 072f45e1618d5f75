import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { databaseUrl, withClient } from './helper.ts'

const run = promisify(execFile)
const apiDir = path.resolve(import.meta.dirname, '..')
const usersCreate = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'src/scripts/users-create.ts', ...args], {
    cwd: apiDir,
    env: { ...process.env, DATABASE_URL: databaseUrl() },
  })

describe('pnpm users:create', () => {
  it('creates an account, then updates it in place, each with an audit row from the command line', async () => {
    const created = await usersCreate(
      '--role',
      'admin',
      '--phone',
      '13512345678',
      '--password',
      'first-admin-pass',
      '--name',
      '首位管理员',
    )
    expect(created.stdout).toContain('admin 首位管理员 (13512345678)')
    const updated = await usersCreate(
      '--role',
      'supervisor',
      '--phone',
      '13512345678',
      '--password',
      'second-pass-xx',
      '--grid',
      '370705002003',
    )
    expect(updated.stdout).toContain('supervisor 首位管理员 (13512345678) — grids: 370705002003')
    const { rows } = await withClient((c) =>
      c.query(
        `select a.action, a.address from audit_log a join users u on a.entity_id = u.id::text and a.entity = 'user' where u.phone = '13512345678' order by a.id`,
      ),
    )
    expect(rows).toEqual([
      { action: 'user.create', address: 'cli' },
      { action: 'user.update', address: 'cli' },
      { action: 'user.reset_password', address: 'cli' },
    ])
  })

  it('refuses a bad assignment and changes nothing', async () => {
    const before = await withClient(
      async (c) => (await c.query('select role, password_hash from users where phone = $1', ['13512345678'])).rows[0],
    )
    await expect(
      usersCreate(
        '--role',
        'worker',
        '--phone',
        '13512345678',
        '--password',
        'third-pass-xx',
        '--grid',
        '370705002003',
      ),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining('a worker works unit grids'),
    })
    expect(
      await withClient(
        async (c) => (await c.query('select role, password_hash from users where phone = $1', ['13512345678'])).rows[0],
      ),
    ).toEqual(before)
  })
})
