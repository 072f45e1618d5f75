import { AppError } from '../../../errors.ts'

// The Open311 server's refusals. Its error handler (routes/open311/index.ts) writes every error in the spec's
// format — [{ code, description }] or <errors><error>… — with the HTTP status as the code.

export class Open311KeyRequiredError extends AppError {
  constructor() {
    super(400, 'OPEN311_KEY_REQUIRED', '缺少 api_key：提交请求需要密钥 / api_key is required to file a request')
  }
}

export class Open311KeyRefusedError extends AppError {
  constructor(why: 'unknown' | 'revoked') {
    super(
      403,
      'OPEN311_KEY_REFUSED',
      why === 'revoked'
        ? 'api_key 已被吊销 / the api_key has been revoked'
        : 'api_key 无效 / invalid api_key received -- cannot proceed',
    )
  }
}

export class Open311ServiceNotAllowedError extends AppError {
  constructor(code: string) {
    super(403, 'OPEN311_SERVICE_NOT_ALLOWED', `该密钥无权上报服务 ${code} / this api_key may not file service ${code}`)
  }
}

export class Open311RateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      429,
      'OPEN311_RATE_LIMITED',
      `该密钥请求过于频繁，请 ${retryAfterSeconds} 秒后再试 / too many requests for this api_key, retry in ${retryAfterSeconds} s`,
    )
  }
}

export class Open311BadRequestError extends AppError {
  constructor(message: string) {
    super(400, 'OPEN311_BAD_REQUEST', message)
  }
}

export class Open311NotFoundError extends AppError {
  constructor(what: string) {
    super(404, 'OPEN311_NOT_FOUND', `未找到${what} / ${what} not found`)
  }
}
