import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addWorkingDays, addWorkingHours, createWorkingCalendar, type CalendarDay } from '@wangge/sla'
import { DEMO, multipart, pointInGrid, signedInApp, withClient, type SignedInApp } from './helper.ts'
import { hotlineOrder, orderNumber, orderSheet } from './hotline-fixtures.ts'

let supervisor: SignedInApp
let worker: SignedInApp
let admin: SignedInApp
let point: { lng: number; lat: number }
let outside: { lng: number; lat: number }

beforeAll(async () => {
  supervisor = await signedInApp(DEMO.supervisor)
  worker = await signedInApp(DEMO.worker)
  admin = await signedInApp(DEMO.admin)
  point = await pointInGrid('370705002001001')
  // Well east of the street (the reference street lies near 119.1° E, 36.7° N).
  outside = { lng: 121.5, lat: 31.2 }
})
afterAll(async () => {
  await Promise.all([supervisor.close(), worker.close(), admin.close()])
})

const counts = () =>
  withClient(async (c) => {
    const { rows } = await c.query<{ incidents: number; orders: number; audit: number; replies: number }>(
      `select (select count(*)::int from incidents) incidents, (select count(*)::int from hotline_orders) orders,
         (select count(*)::int from audit_log) audit, (select count(*)::int from hotline_replies) replies`,
    )
    return rows[0]!
  })

const upload = (app: SignedInApp, bytes: Buffer) =>
  app.inject({
    method: 'POST',
    url: '/api/hotline/orders/import',
    ...multipart({}, [
      {
        field: 'file',
        name: '工单.xlsx',
        type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        bytes,
      },
    ]),
  })

describe('hotline intake by the city system', () => {
  it('files one case for the same 工单号 sent twice, and for two sent at once', async () => {
    const order = hotlineOrder(point)
    const first = await supervisor.inject({ method: 'POST', url: '/api/hotline/orders', payload: order })
    expect(first.statusCode).toBe(201)
    const again = await supervisor.inject({ method: 'POST', url: '/api/hotline/orders', payload: order })
    expect(again.statusCode).toBe(200)
    expect(again.json().created).toBe(false)
    expect(again.json().order.incident.id).toBe(first.json().order.incident.id)

    const racing = hotlineOrder(point)
    const replies = await Promise.all(
      [supervisor, admin, supervisor].map((app) =>
        app.inject({ method: 'POST', url: '/api/hotline/orders', payload: racing }),
      ),
    )
    expect(replies.map((r) => r.statusCode).sort()).toEqual([200, 200, 201])

    const rows = await withClient(
      async (c) =>
        (
          await c.query<{ order_number: string; source: string; status: string }>(
            `select o.order_number, i.source, i.status from hotline_orders o join incidents i on i.id = o.incident_id
           where o.order_number = any($1)`,
            [[order.orderNumber, racing.orderNumber]],
          )
        ).rows,
    )
    expect(rows).toHaveLength(2)
    expect(rows.every((r) => r.source === 'hotline' && r.status === 'reported')).toBe(true)
  })

  it('counts the hotline limits on the working calendar from receipt', async () => {
    const res = await supervisor.inject({
      method: 'POST',
      url: '/api/hotline/orders',
      payload: hotlineOrder(point, { signLimitHours: 1, finishLimitDays: 3 }),
    })
    const order = res.json().order
    expect(order.signLimitHours).toBe(1)
    expect(order.finishLimitDays).toBe(3)
    // The expectation comes from the street's calendar, computed here: received on a Sunday evening, three
    // working days end on Wednesday's close, less than 72 hours later.
    const days = await withClient(
      async (c) =>
        (
          await c.query<CalendarDay>(
            `select to_char(day, 'YYYY-MM-DD') as date, working, note from calendar_days order by day`,
          )
        ).rows,
    )
    const calendar = createWorkingCalendar(days)
    const receivedAt = new Date(order.receivedAt)
    expect(Date.parse(order.signDueAt)).toBe(addWorkingHours(calendar, receivedAt, 1).getTime())
    expect(Date.parse(order.finishDueAt)).toBe(addWorkingDays(calendar, receivedAt, 3).getTime())
    expect(Date.parse(order.finishDueAt)).toBeGreaterThan(Date.parse(order.signDueAt))
  })

  it('masks the caller in lists, events and the audit log; shows them whole on a supervisor’s case page', async () => {
    const order = hotlineOrder(point, { callerName: '欧阳来电', callerPhone: '13987654321' })
    const created = (await supervisor.inject({ method: 'POST', url: '/api/hotline/orders', payload: order })).json()
    expect(created.order.callerPhone).toBe('139****4321')
    expect(created.order.callerName).toBe('欧***')
    const list = (await supervisor.inject('/api/hotline/orders?limit=200')).json()
    const listed = list.items.find((o: { orderNumber: string }) => o.orderNumber === order.orderNumber)
    expect(listed.callerPhone).toBe('139****4321')

    const page = await supervisor.inject(`/api/hotline/cases/${created.order.incident.id}`)
    expect(page.json()).toMatchObject({ callerName: '欧阳来电', callerPhone: '13987654321' })
    // The worker of the grid reads the case, and the order with its caller masked.
    const workerPage = await worker.inject(`/api/hotline/cases/${created.order.incident.id}`)
    expect(workerPage.statusCode).toBe(200)
    expect(workerPage.json().callerPhone).toBe('139****4321')

    const leaks = await withClient(async (c) => {
      const { rows } = await c.query<{ n: number }>(
        `select (select count(*) from events where data::text like '%13987654321%')
              + (select count(*) from audit_log where coalesce(after::text, '') || coalesce(before::text, '') like any($1))::int n`,
        [['%13987654321%', '%欧阳来电%']],
      )
      return Number(rows[0]!.n)
    })
    expect(leaks).toBe(0)
    // At rest the caller is sealed: neither the name nor the number is in the row in clear.
    const clear = await withClient(async (c) => {
      const { rows } = await c.query<{ n: number }>(
        `select count(*)::int n from hotline_orders o
         where position(convert_to('13987654321', 'UTF8') in o.caller_phone_sealed) > 0
            or position(convert_to('欧阳来电', 'UTF8') in o.caller_name_sealed) > 0
            or o.caller_phone_masked like '%98765%'`,
      )
      return rows[0]!.n
    })
    expect(clear).toBe(0)
  })
})

describe('hotline XLSX upload', () => {
  it('takes the good rows and names each bad row’s problem with its column', async () => {
    const good = [orderNumber('XL'), orderNumber('XL'), orderNumber('XL')]
    const dup = orderNumber('XL')
    const sheet = await orderSheet([
      [good[0], '钱一', '13900000001', '2026-11-20 09:30', '路灯不亮', 'C0102', point.lng, point.lat, '一号楼', 2, 5],
      [orderNumber('XL'), '钱二', '', '2026-11-20 09:31', '路灯不亮', 'C0102', point.lng, point.lat],
      [
        good[1],
        '钱三',
        '0536-8888888',
        new Date(Date.UTC(2026, 10, 20, 10, 0)),
        '井盖缺失',
        '井盖破损缺失',
        point.lng,
        point.lat,
      ],
      [orderNumber('XL'), '钱四', '13900000004', '2026-02-31 09:00', '路灯不亮', 'C0102', point.lng, point.lat],
      [orderNumber('XL'), '钱五', '13900000005', '2026-11-20 09:30', '路灯不亮', 'X9999', point.lng, point.lat],
      [orderNumber('XL'), '钱六', '13900000006', '2026-11-20 09:30', '路灯不亮', 'C0102', outside.lng, outside.lat],
      [dup, '钱七', '13900000007', '2026-11-20 09:30', '路灯不亮', 'C0102', point.lng, point.lat],
      [dup, '钱八', '13900000008', '2026-11-20 09:30', '路灯不亮', 'C0102', point.lng, point.lat],
      [orderNumber('XL'), '钱九', '13900000009', '2026-11-20 09:30', '路灯不亮', 'C0102', 'abc', point.lat, '', 0, 5.5],
      [],
      [good[2], '钱十', '13900000010', '2026-11-20 09:30', '路灯不亮', 'C0102', point.lng, point.lat],
    ])
    const before = await counts()
    const res = await upload(supervisor, sheet)
    expect(res.statusCode).toBe(200)
    const report = res.json()
    expect(report.rows).toBe(10)
    expect(report.taken.map((t: { row: number }) => t.row)).toEqual([2, 4, 8, 12])
    expect(report.taken.filter((t: { orderNumber: string }) => good.includes(t.orderNumber))).toHaveLength(3)
    expect(report.refused).toEqual([
      { row: 3, column: '联系电话', reason: '联系电话不能为空' },
      { row: 5, column: '来电时间', reason: '来电时间格式不正确，应为 2026-11-20 09:30' },
      { row: 6, column: '事件小类', reason: '未知的事件小类“X9999”' },
      { row: 7, column: '经度', reason: '该位置不在本街道管辖网格内' },
      { row: 9, column: '工单号', reason: '与第 8 行工单号重复' },
      { row: 10, column: '经度', reason: '经度不是有效的坐标' },
      { row: 10, column: '签收时限（工作小时）', reason: '须为大于 0、不超过 240 的数' },
      { row: 10, column: '办结时限（工作日）', reason: '须为 1–60 的整数' },
    ])
    const after = await counts()
    expect(after.orders - before.orders).toBe(4)
    expect(after.incidents - before.incidents).toBe(4)

    // A date cell is Beijing wall-clock time; the text form the same.
    const times = await withClient(
      async (c) =>
        (
          await c.query<{ order_number: string; called: string }>(
            `select order_number, to_char(called_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') called
             from hotline_orders where order_number = any($1) order by order_number`,
            [[good[0], good[1]]],
          )
        ).rows,
    )
    expect(Object.fromEntries(times.map((t) => [t.order_number, t.called]))).toEqual({
      [good[0]!]: '2026-11-20 09:30',
      [good[1]!]: '2026-11-20 10:00',
    })

    // The same sheet again takes nothing new: every good row is already on file.
    const again = (await upload(supervisor, sheet)).json()
    expect(again.taken.every((t: { created: boolean }) => !t.created)).toBe(true)
    expect((await counts()).orders).toBe(after.orders)
  })

  it('writes nothing for a sheet whose rows are all bad', async () => {
    const before = await counts()
    const res = await upload(
      supervisor,
      await orderSheet([
        ['', '钱一', '13900000001', '2026-11-20 09:30', '路灯不亮', 'C0102', point.lng, point.lat],
        [orderNumber('XL'), '钱二', '1390000000x', '昨天', '', 'C0102', outside.lng, outside.lat],
      ]),
    )
    expect(res.statusCode).toBe(200)
    expect(res.json().taken).toEqual([])
    expect(res.json().refused.map((r: { row: number; column: string }) => `${r.row}:${r.column}`)).toEqual([
      '2:工单号',
      '3:联系电话',
      '3:来电时间',
      '3:诉求内容',
    ])
    expect(await counts()).toEqual(before)
  })

  it('refuses a file that is not an XLSX or lacks a column, writing nothing', async () => {
    const before = await counts()
    const notSheet = await upload(supervisor, Buffer.from('工单号,来电人\nGD-1,张三\n'))
    expect(notSheet.statusCode).toBe(400)
    expect(notSheet.json().code).toBe('SHEET_UNREADABLE')
    const noPhone = await upload(supervisor, await orderSheet([['GD-2', '张三']], ['工单号', '来电人']))
    expect(noPhone.statusCode).toBe(400)
    expect(noPhone.json().message).toContain('联系电话')
    const noFile = await supervisor.inject({
      method: 'POST',
      url: '/api/hotline/orders/import',
      ...multipart({ x: '1' }),
    })
    expect(noFile.statusCode).toBe(400)
    expect(await counts()).toEqual(before)
  })
})

/** Walks an order's case through the workflow to closed, as the supervisor and the worker would. */
async function closeCase(incidentId: string) {
  const workerId = await withClient(
    async (c) => (await c.query<{ id: number }>('select id from users where phone = $1', [DEMO.worker])).rows[0]!.id,
  )
  const steps: [SignedInApp, string, object][] = [
    [supervisor, 'register', {}],
    [supervisor, 'dispatch', { userId: workerId }],
    [worker, 'accept', {}],
    [worker, 'feedback', { note: '已更换灯泡' }],
    [supervisor, 'verify', { passed: true }],
  ]
  for (const [app, action, payload] of steps) {
    const res = await app.inject({ method: 'POST', url: `/api/incidents/${incidentId}/${action}`, payload })
    expect(res.statusCode, `${action}: ${res.body}`).toBe(200)
  }
}

describe('hotline replies and revisits', () => {
  it('signs, answers once the case is closed, and feeds each reply to the city past a cursor', async () => {
    const { order } = (
      await supervisor.inject({ method: 'POST', url: '/api/hotline/orders', payload: hotlineOrder(point) })
    ).json()
    const start = (await admin.inject('/api/hotline/replies?limit=500')).json()
    let cursor: string | null = start.cursor
    const after = () => (cursor === null ? '' : `after=${cursor}&`)
    for (let page = start; page.items.length === 500; cursor = page.cursor)
      page = (await admin.inject(`/api/hotline/replies?${after()}limit=500`)).json()

    const earlyReply = await supervisor.inject({
      method: 'POST',
      url: `/api/hotline/orders/${order.id}/reply`,
      payload: { result: '已处理' },
    })
    expect(earlyReply.statusCode).toBe(409)
    const signed = await supervisor.inject({ method: 'POST', url: `/api/hotline/orders/${order.id}/sign`, payload: {} })
    expect(signed.statusCode).toBe(200)
    expect(signed.json().status).toBe('signed')
    // The case is not closed yet: no handling result to send.
    expect(
      (
        await supervisor.inject({
          method: 'POST',
          url: `/api/hotline/orders/${order.id}/reply`,
          payload: { result: '好' },
        })
      ).statusCode,
    ).toBe(409)
    await closeCase(order.incident.id)
    const replied = await supervisor.inject({
      method: 'POST',
      url: `/api/hotline/orders/${order.id}/reply`,
      payload: { result: '已更换路灯灯泡，恢复照明' },
    })
    expect(replied.statusCode).toBe(200)
    expect(replied.json()).toMatchObject({ status: 'replied', incident: { status: 'closed' } })

    const feed = (await admin.inject(`/api/hotline/replies?${after()}`)).json()
    const mine = feed.items.filter((r: { orderNumber: string }) => r.orderNumber === order.orderNumber)
    expect(mine.map((r: { kind: string; content: string | null }) => [r.kind, r.content])).toEqual([
      ['sign', null],
      ['reply', '已更换路灯灯泡，恢复照明'],
    ])
    const past = (await admin.inject(`/api/hotline/replies?after=${feed.cursor}`)).json()
    expect(past.items.filter((r: { orderNumber: string }) => r.orderNumber === order.orderNumber)).toEqual([])
  })

  it('sends the case back to rework on a dissatisfied revisit, and finishes it on a satisfied one', async () => {
    const { order } = (
      await supervisor.inject({ method: 'POST', url: '/api/hotline/orders', payload: hotlineOrder(point) })
    ).json()
    await supervisor.inject({ method: 'POST', url: `/api/hotline/orders/${order.id}/sign`, payload: {} })
    await closeCase(order.incident.id)
    await supervisor.inject({
      method: 'POST',
      url: `/api/hotline/orders/${order.id}/reply`,
      payload: { result: '已修复' },
    })

    const revisit = await supervisor.inject({
      method: 'POST',
      url: `/api/hotline/orders/${order.id}/revisit`,
      payload: { result: 'dissatisfied', note: '路灯晚上仍然不亮' },
    })
    expect(revisit.statusCode).toBe(200)
    expect(revisit.json()).toMatchObject({ status: 'signed', redoCount: 1, revisitResult: 'dissatisfied' })
    const incident = (await supervisor.inject(`/api/incidents/${order.incident.id}`)).json()
    expect(incident.status).toBe('dispatched')
    expect(incident.reworkCount).toBe(1)
    expect(incident.dueAt).not.toBeNull()
    const rework = await withClient(
      async (c) =>
        (
          await c.query(
            `select action, from_status, to_status, note from incident_history where incident_id = $1 order by id desc limit 1`,
            [order.incident.id],
          )
        ).rows[0],
    )
    expect(rework).toEqual({
      action: 'revisit_rework',
      from_status: 'closed',
      to_status: 'dispatched',
      note: '12345 回访不满意，重新办理：路灯晚上仍然不亮',
    })

    // The rework goes round the workflow again, then the second revisit finishes the order.
    for (const [app, action, payload] of [
      [worker, 'accept', {}],
      [worker, 'feedback', { note: '更换了整套灯具' }],
      [supervisor, 'verify', { passed: true }],
    ] as const) {
      expect(
        (await app.inject({ method: 'POST', url: `/api/incidents/${order.incident.id}/${action}`, payload }))
          .statusCode,
      ).toBe(200)
    }
    await supervisor.inject({
      method: 'POST',
      url: `/api/hotline/orders/${order.id}/reply`,
      payload: { result: '已更换灯具' },
    })
    const satisfied = await supervisor.inject({
      method: 'POST',
      url: `/api/hotline/orders/${order.id}/revisit`,
      payload: { result: 'satisfied' },
    })
    expect(satisfied.json()).toMatchObject({ status: 'finished', redoCount: 1, revisitResult: 'satisfied' })
    expect(satisfied.json().revisits.map((r: { result: string }) => r.result)).toEqual(['dissatisfied', 'satisfied'])
    expect(
      (
        await supervisor.inject({
          method: 'POST',
          url: `/api/hotline/orders/${order.id}/revisit`,
          payload: { result: 'satisfied' },
        })
      ).statusCode,
    ).toBe(409)
  })

  it('returns an order with its reason, rejecting its unregistered case, after which it takes no other step', async () => {
    const { order } = (
      await supervisor.inject({ method: 'POST', url: '/api/hotline/orders', payload: hotlineOrder(point) })
    ).json()
    const noReason = await supervisor.inject({
      method: 'POST',
      url: `/api/hotline/orders/${order.id}/return`,
      payload: { reason: '' },
    })
    expect(noReason.statusCode).toBe(400)
    const returned = await supervisor.inject({
      method: 'POST',
      url: `/api/hotline/orders/${order.id}/return`,
      payload: { reason: '该路段属高新区管辖' },
    })
    expect(returned.json()).toMatchObject({ status: 'returned', incident: { status: 'rejected' } })
    expect(returned.json().replies.at(-1)).toMatchObject({ kind: 'return', content: '该路段属高新区管辖' })
    // The unregistered case leaves the street's queues as a rejection, the reason in its history.
    const history = (await supervisor.inject(`/api/incidents/${order.incident.id}`)).json().history
    expect(history.at(-1)).toMatchObject({ action: 'reject', note: '12345 退单：该路段属高新区管辖' })
    expect(
      (await supervisor.inject({ method: 'POST', url: `/api/hotline/orders/${order.id}/sign`, payload: {} }))
        .statusCode,
    ).toBe(409)
  })
})

describe('hotline bad input', () => {
  it('answers each malformed request with a 4xx and writes nothing', async () => {
    const { order } = (
      await supervisor.inject({ method: 'POST', url: '/api/hotline/orders', payload: hotlineOrder(point) })
    ).json()
    const before = await counts()
    const cases: [string, object | string, number][] = [
      ['POST /api/hotline/orders', hotlineOrder(point, { orderNumber: 'GD\u0000001' }), 400],
      ['POST /api/hotline/orders', hotlineOrder(point, { orderNumber: 'x'.repeat(41) }), 400],
      ['POST /api/hotline/orders', hotlineOrder(point, { content: '诉求\u0000内容' }), 400],
      ['POST /api/hotline/orders', hotlineOrder(point, { content: '长'.repeat(2001) }), 400],
      ['POST /api/hotline/orders', hotlineOrder(point, { callerPhone: '电话' }), 400],
      ['POST /api/hotline/orders', hotlineOrder(point, { calledAt: '2026-02-30T09:00:00+08:00' }), 400],
      ['POST /api/hotline/orders', hotlineOrder(point, { lat: 91 }), 400],
      ['POST /api/hotline/orders', hotlineOrder(point, { categoryCode: 'E9999' }), 400],
      ['POST /api/hotline/orders', hotlineOrder(point, { signLimitHours: 0 }), 400],
      ['POST /api/hotline/orders', hotlineOrder(point, { finishLimitDays: 61 }), 400],
      ['POST /api/hotline/orders', hotlineOrder(point, { extra: 1 }), 400],
      ['POST /api/hotline/orders', hotlineOrder(outside), 422],
      ['POST /api/hotline/orders', hotlineOrder(point, { content: '大'.repeat(600_000) }), 413],
      ['POST /api/hotline/orders/2147483648/sign', {}, 404],
      ['POST /api/hotline/orders/9223372036854775808/sign', {}, 400],
      ['POST /api/hotline/orders/0/sign', {}, 400],
      [`POST /api/hotline/orders/${order.id}/sign`, { extra: true }, 400],
      [`POST /api/hotline/orders/${order.id}/return`, { reason: '理由\u0000' }, 400],
      [`POST /api/hotline/orders/${order.id}/revisit`, { result: 'happy' }, 400],
      [`POST /api/hotline/orders/${order.id}/revisit`, { result: 'satisfied' }, 409],
      [`POST /api/hotline/orders/${order.id}/reply`, { result: '已办' }, 409],
    ]
    for (const [route, payload, status] of cases) {
      const [method, url] = route.split(' ') as [string, string]
      const res = await supervisor.inject({ method: method as 'POST', url, payload })
      expect(res.statusCode, `${route} ${JSON.stringify(payload).slice(0, 80)}: ${res.body.slice(0, 200)}`).toBe(status)
    }
    for (const url of [
      '/api/hotline/orders?cursor=9223372036854775808',
      '/api/hotline/orders?status=lost',
      '/api/hotline/orders/abc',
      '/api/hotline/cases/9223372036854775808',
      '/api/hotline/replies?after=-1',
      '/api/stats/hotline?from=2026-01-01',
    ])
      expect((await supervisor.inject(url)).statusCode, url).toBe(400)
    expect((await supervisor.inject('/api/hotline/cases/2147483648')).statusCode).toBe(404)
    expect(await counts()).toEqual(before)
  })
})
