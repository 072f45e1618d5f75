/**
 * Where photos are kept, from PHOTO_STORE. Unset (or `local`): DATA_DIR/uploads, the embedded default, right for one
 * instance. `s3://bucket/optional/prefix?endpoint=http://minio:9000&region=us-east-1`: an S3-compatible object store,
 * which several instances share. Credentials are never in the URL: the AWS SDK reads its standard chain
 * (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile, or the machine's role).
 */
export type PhotoStoreLocation =
  | { kind: 'local' }
  | {
      kind: 's3'
      bucket: string
      /** Prepended to every key, ending in `/` when set: one bucket may hold several deployments. */
      prefix: string
      /** Unset: AWS's own endpoint for the region. */
      endpoint?: string
      region: string
      /**
       * `bucket` in the path rather than in the host name. MinIO and most self-hosted stores need it, so it is the
       * default whenever an endpoint is named; `pathStyle=false` turns it off.
       */
      forcePathStyle: boolean
    }

export class PhotoStoreConfigError extends Error {
  constructor(why: string) {
    super(`PHOTO_STORE: ${why} (e.g. s3://wangge-photos?endpoint=http://127.0.0.1:9000&region=us-east-1)`)
    this.name = 'PhotoStoreConfigError'
  }
}

const KNOWN_PARAMETERS = new Set(['endpoint', 'region', 'pathStyle'])
// S3's own bucket naming rule: 3–63 lower-case letters, digits, dots and hyphens, starting and ending alphanumeric.
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/

export function photoStoreLocationOf(value: string | undefined): PhotoStoreLocation {
  const text = value?.trim() ?? ''
  if (text === '' || text === 'local') return { kind: 'local' }
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new PhotoStoreConfigError(`"${text}" is not a URL`)
  }
  if (url.protocol !== 's3:') throw new PhotoStoreConfigError(`unsupported scheme "${url.protocol}", use s3://`)
  if (url.username || url.password) {
    throw new PhotoStoreConfigError(
      'credentials do not belong in the URL: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
    )
  }
  const bucket = url.hostname
  if (!BUCKET_NAME.test(bucket)) throw new PhotoStoreConfigError(`"${bucket}" is not a valid bucket name`)
  for (const name of url.searchParams.keys()) {
    if (!KNOWN_PARAMETERS.has(name)) throw new PhotoStoreConfigError(`unknown parameter "${name}"`)
  }
  const endpoint = url.searchParams.get('endpoint') ?? undefined
  if (endpoint !== undefined && !/^https?:\/\/[^/]+\/?$/.test(endpoint)) {
    throw new PhotoStoreConfigError(`endpoint "${endpoint}" must be http(s)://host[:port]`)
  }
  const pathStyle = url.searchParams.get('pathStyle')
  if (pathStyle !== null && pathStyle !== 'true' && pathStyle !== 'false') {
    throw new PhotoStoreConfigError('pathStyle is true or false')
  }
  const prefix = decodeURIComponent(url.pathname).replace(/^\/+|\/+$/g, '')
  return {
    kind: 's3',
    bucket,
    prefix: prefix === '' ? '' : `${prefix}/`,
    ...(endpoint ? { endpoint } : {}),
    // MinIO's and s3rver's default region; AWS buckets name theirs.
    region: url.searchParams.get('region') ?? 'us-east-1',
    forcePathStyle: pathStyle === null ? endpoint !== undefined : pathStyle === 'true',
  }
}
