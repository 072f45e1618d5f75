/**
 * A GPS accuracy as the `real` (float4) columns keep it: rounded to the centimetre. JSON and multipart accept any
 * double, and PostgreSQL refuses one below float4's range ("value out of range: underflow", a 500 the route fuzz
 * found with 6.38e-161); a phone's accuracy finer than a centimetre means nothing anyway.
 */
export function accuracyMetres(accuracy: number): number
export function accuracyMetres(accuracy: number | undefined | null): number | null
export function accuracyMetres(accuracy: number | undefined | null): number | null {
  if (accuracy === undefined || accuracy === null) return null
  return Math.round(accuracy * 100) / 100
}
