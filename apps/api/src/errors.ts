/** An error the client may see: its status, machine code and (zh-CN first) message go out as they are. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown[],
  ) {
    super(message)
    this.name = new.target.name
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super(404, 'NOT_FOUND', `未找到${what} / ${what} not found`)
  }
}

export class OutsideManagedAreaError extends AppError {
  constructor(lng: number, lat: number) {
    super(422, 'OUTSIDE_MANAGED_AREA', `坐标 (${lng}, ${lat}) 不在本街道管辖网格内 / the point is in no managed grid`)
  }
}

export class GridTreeRejectedError extends AppError {
  constructor(problems: unknown[]) {
    super(
      422,
      'GRID_TREE_REJECTED',
      `网格导入被拒绝：发现 ${problems.length} 处问题 / grid import refused: ${problems.length} problem(s)`,
      problems,
    )
  }
}

/** An import would remove grids that records still refer to; `details` names each grid and what it holds. */
export class GridsInUseError extends AppError {
  constructor(grids: { code: string; name: string }[]) {
    const names = grids
      .slice(0, 5)
      .map((g) => `${g.code} ${g.name}`)
      .join('、')
    super(
      409,
      'GRIDS_IN_USE',
      `导入将删除 ${grids.length} 个仍在使用的网格（${names}${grids.length > 5 ? ' 等' : ''}），请先迁移其事件、站点和人员 / the import would remove ${grids.length} grid(s) that incidents, stations or users still refer to`,
      grids,
    )
  }
}

export class UnauthenticatedError extends AppError {
  constructor() {
    super(401, 'UNAUTHENTICATED', '请先登录 / sign in first')
  }
}

export class InvalidCredentialsError extends AppError {
  constructor() {
    super(401, 'INVALID_CREDENTIALS', '手机号或密码错误 / wrong phone number or password')
  }
}

export class ForeignOriginError extends AppError {
  constructor(origin: string) {
    super(403, 'FOREIGN_ORIGIN', `拒绝来自 ${origin} 的请求 / requests from another origin are refused`)
  }
}

export class RateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      429,
      'RATE_LIMITED',
      `尝试过于频繁，请 ${retryAfterSeconds} 秒后再试 / too many attempts, retry in ${retryAfterSeconds} s`,
    )
  }
}

/** A part the server needs cannot be reached: 503, and the client tries again after the reply's Retry-After. */
export abstract class UnavailableError extends AppError {
  readonly retryAfterSeconds = 3
}

/**
 * The database cannot be reached (down, restarting, connections cut, too slow to answer). The client sends the same
 * request again after `retryAfterSeconds` (the reply's Retry-After): a connection cut just after a commit leaves the
 * write done, which is why writes carry a clientId.
 */
export class DatabaseUnavailableError extends UnavailableError {
  constructor() {
    super(503, 'DATABASE_UNAVAILABLE', '数据库暂时不可用，请稍后重试 / the database is unavailable, retry shortly')
  }
}

/**
 * The shared rate counters (Redis) cannot be reached. Sign-in waits for them rather than go unthrottled; the
 * Open311 limits let requests through uncounted instead (rate-counters).
 */
export class CountersUnavailableError extends UnavailableError {
  constructor() {
    super(
      503,
      'COUNTERS_UNAVAILABLE',
      '限流服务暂时不可用，请稍后重试 / the rate counters are unavailable, retry shortly',
    )
  }
}

export class ForbiddenError extends AppError {
  constructor() {
    super(403, 'FORBIDDEN', '当前角色无权执行此操作 / your role may not do this')
  }
}

export class PhoneTakenError extends AppError {
  constructor(phone: string) {
    super(409, 'PHONE_TAKEN', `手机号 ${phone} 已被使用 / phone number already in use`)
  }
}

export class InvalidReferenceError extends AppError {
  constructor(field: string, message: string) {
    super(400, 'VALIDATION_FAILED', `${message}`, [{ field, message }])
  }
}

/** A password that breaks the policy of @wangge/accounts; the message names the rule. */
export class WeakPasswordError extends AppError {
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(400, 'WEAK_PASSWORD', message, [{ field: 'password', rule, message }])
  }
}

/** The change would leave the street without an active admin, and nobody could manage accounts again. */
export class LastAdminError extends AppError {
  constructor() {
    super(
      409,
      'LAST_ADMIN',
      '不能停用或降级最后一名在用的管理员 / the last active admin cannot be deactivated or demoted',
    )
  }
}

/**
 * A dispatch to someone who is not an active worker of the case's community inside the dispatcher's scope. One
 * answer for all of those, so a dispatch cannot probe who exists outside the scope.
 */
export class AssigneeNotEligibleError extends AppError {
  constructor() {
    const message =
      "只能派遣给事件所在社区、您管辖范围内的在岗网格员；责任单位请选部门 / dispatch to an active worker of the case's community within your scope, or to a department"
    super(400, 'ASSIGNEE_NOT_ELIGIBLE', message, [{ field: 'userId', message }])
  }
}

/** An extension further than the workflow allows past the current due time. */
export class ExtensionTooLongError extends AppError {
  constructor(message: string) {
    super(400, 'EXTENSION_TOO_LONG', message, [{ field: 'dueAt', message }])
  }
}

/** The submitter already used this idempotency key for a different report or audit. */
export class IdempotencyKeyReusedError extends AppError {
  constructor() {
    super(
      409,
      'IDEMPOTENCY_KEY_REUSED',
      '此 clientId 已用于另一份不同的提交 / this clientId was already used for a different submission',
    )
  }
}

/** A photo too large to decode safely: too many pixels by its header, or its decoding ran past the time limit. */
export class PhotoTooLargeError extends AppError {
  constructor(name: string, why: string) {
    super(413, 'PHOTO_TOO_LARGE', `照片 ${name} 过大：${why} / photo ${name} is too large to process`, [
      { field: name, message: why },
    ])
  }
}
