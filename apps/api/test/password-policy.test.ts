import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD } from '@wangge/seed'
import { databaseUrl, DEMO, signedInApp, withClient } from './helper.ts'

const admin = await signedInApp(DEMO.admin)
afterAll(() => admin.close())

const managerWith = (phone: string, password: string) =>
  admin.inject({
    method: 'POST',
    url: '/api/users',
    payload: { name: '密码测试', phone, password, role: 'manager', gridIds: [], departmentId: null },
  })
const userCount = (phone: string) =>
  withClient(
    async (c) =>
      (await c.query<{ n: number }>('select count(*)::int n from users where phone = $1', [phone])).rows[0]!.n,
  )
const hashOf = (phone: string) =>
  withClient(
    async (c) =>
      (await c.query<{ h: string }>('select password_hash h from users where phone = $1', [phone])).rows[0]!.h,
  )

const run = promisify(execFile)
const usersCreate = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'src/scripts/users-create.ts', ...args], {
    cwd: path.resolve(import.meta.dirname, '..'),
    env: { ...process.env, DATABASE_URL: databaseUrl() },
  })

describe('a weak password is refused with WEAK_PASSWORD, naming the rule, and nothing is written', () => {
  it.each([
    ['12345678', /至少 10 个字符/],
    ['password', /至少 10 个字符/],
    ['1234567890', /常见密码/],
    ['Password123', /常见密码/],
    ['wg13611100001', /手机号/],
  ])('POST /api/users with %s', async (password, rule) => {
    const res = await managerWith('13611100001', password)
    expect(res.statusCode, res.body).toBe(400)
    expect(res.json()).toMatchObject({
      code: 'WEAK_PASSWORD',
      message: expect.stringMatching(rule),
      details: [{ field: 'password' }],
    })
    expect(await userCount('13611100001')).toBe(0)
  })

  it('on a password reset, checked against the user’s own phone', async () => {
    const created = await managerWith('13611100002', 'lantern-harbour-7')
    expect(created.statusCode, created.body).toBe(201)
    const id = created.json<{ id: number }>().id
    const before = await hashOf('13611100002')
    for (const password of ['12345678', 'qwertyuiop', '13611100002a']) {
      const res = await admin.inject({ method: 'POST', url: `/api/users/${id}/reset-password`, payload: { password } })
      expect(res.statusCode, `${password}: ${res.body}`).toBe(400)
      expect(res.json()).toMatchObject({ code: 'WEAK_PASSWORD' })
    }
    expect(await hashOf('13611100002')).toBe(before)
    expect(
      (
        await admin.inject({
          method: 'POST',
          url: `/api/users/${id}/reset-password`,
          payload: { password: 'harbour-lantern-8' },
        })
      ).statusCode,
    ).toBe(204)
  })

  it('in pnpm users:create, for a new account and for an existing one', async () => {
    await expect(
      usersCreate('--role', 'manager', '--phone', '13611100003', '--password', 'password123'),
    ).rejects.toMatchObject({ stderr: expect.stringContaining('常见密码') })
    expect(await userCount('13611100003')).toBe(0)
    const before = await hashOf(DEMO.manager)
    await expect(
      usersCreate('--role', 'manager', '--phone', DEMO.manager, '--password', '12345678'),
    ).rejects.toMatchObject({ stderr: expect.stringContaining('至少 10 个字符') })
    expect(await hashOf(DEMO.manager)).toBe(before)
  })

  it('still takes the demo password', async () => {
    expect(DEMO_PASSWORD).toBe('Wangge@2026')
    const res = await managerWith('13611100004', DEMO_PASSWORD)
    expect(res.statusCode, res.body).toBe(201)
  })
})
