import { ApiError } from './api-error.ts'
import { reportUnauthorized } from './unauthorized.ts'

/** An array repeats the parameter (`status=a&status=b`), as the API's list filters expect. */
export type QueryValue = string | number | boolean | null | undefined | readonly string[]

export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  query?: Record<string, QueryValue>
  /** Sent as JSON, or as multipart when it is FormData (reports and steps with photos). */
  body?: unknown
  signal?: AbortSignal
}

const LOGIN_PATH = '/auth/login'

/**
 * Calls the API under `/api` and returns its JSON body typed as T. Any non-2xx reply becomes an ApiError carrying
 * the server's code; the caller's AbortSignal rejects with the usual AbortError (see isAbortError).
 */
export async function apiFetch<T>(path: string, request: ApiRequest = {}): Promise<T> {
  const init: RequestInit = {
    method: request.method ?? 'GET',
    headers: { accept: 'application/json' },
    // Sessions are cookies on the same origin; say so explicitly so a future cross-origin dev setup fails loudly.
    credentials: 'same-origin',
    signal: request.signal ?? null,
  }
  if (request.body instanceof FormData) {
    // The browser writes the multipart boundary into content-type itself.
    init.body = request.body
  } else if (request.body !== undefined) {
    init.headers = { ...init.headers, 'content-type': 'application/json' }
    init.body = JSON.stringify(request.body)
  }

  let response: Response
  try {
    response = await fetch(apiUrl(path, request.query), init)
  } catch (error) {
    if (request.signal?.aborted) throw error
    throw new ApiError(0, 'NETWORK_ERROR', error instanceof Error ? error.message : 'Network error')
  }

  if (!response.ok) {
    const error = await errorFrom(response)
    // A failed sign-in is the login form's own business; any other 401 means the session is gone (expired,
    // signed out elsewhere), and the app as a whole must send the user back to the login page.
    if (error.statusCode === 401 && path !== LOGIN_PATH) reportUnauthorized()
    throw error
  }
  if (response.status === 204) return undefined as T
  return (await response.json()) as T
}

function apiUrl(path: string, query: Record<string, QueryValue> | undefined): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query ?? {})) {
    if (Array.isArray(value)) for (const item of value as readonly string[]) params.append(key, item)
    else if (value !== null && value !== undefined) params.set(key, String(value))
  }
  const search = params.toString()
  return `/api${path}${search ? `?${search}` : ''}`
}

async function errorFrom(response: Response): Promise<ApiError> {
  // A proxy or a crashed server may answer with HTML; fall back to the status line rather than throw while parsing.
  const body: unknown = await response.json().catch(() => null)
  const retryAfter = retryAfterSeconds(response.headers.get('retry-after'))
  if (isErrorBody(body)) return new ApiError(body.statusCode, body.code, body.message, body.details, retryAfter)
  return new ApiError(
    response.status,
    `HTTP_${response.status}`,
    response.statusText || 'Request failed',
    undefined,
    retryAfter,
  )
}

/** Retry-After in its seconds form; the HTTP-date form is not used by this API and reads as unknown. */
function retryAfterSeconds(header: string | null): number | undefined {
  const seconds = Number(header)
  return header !== null && Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds) : undefined
}

interface ErrorBody {
  statusCode: number
  code: string
  message: string
  details?: unknown
}

function isErrorBody(body: unknown): body is ErrorBody {
  if (typeof body !== 'object' || body === null) return false
  const candidate = body as Record<string, unknown>
  return (
    typeof candidate.statusCode === 'number' &&
    typeof candidate.code === 'string' &&
    typeof candidate.message === 'string'
  )
}
