import { Type } from '@sinclair/typebox'

/** One photo by its content hash; `thumb` for the small copy. Shared by every route that serves photos. */
export const PhotoParams = Type.Object({ sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }) })
export const PhotoQuery = Type.Object({
  variant: Type.Union([Type.Literal('full'), Type.Literal('thumb')], { default: 'full' }),
})
export const PhotoBody = Type.Unknown({ description: 'image/jpeg' })
