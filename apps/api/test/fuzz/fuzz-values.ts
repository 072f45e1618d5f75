import fc from 'fast-check'

/** A JSON schema as the OpenAPI document (or a TypeBox schema) carries it; only what the fuzz reads. */
export interface FieldSchema {
  type?: string | string[]
  enum?: unknown[]
  const?: unknown
  anyOf?: FieldSchema[]
  oneOf?: FieldSchema[]
  items?: FieldSchema | FieldSchema[]
  properties?: Record<string, FieldSchema>
  required?: string[]
  minimum?: number
  maximum?: number
  minLength?: number
  maxLength?: number
  maxItems?: number
  pattern?: string
  format?: string
  default?: unknown
}

const CONTROL = ['\u0000', '\u0001', '\u0008', '\u000b', '\u000c', '\u001b', '\u001f', '\u007f']

/** Values that have broken servers like this one: column bounds, bad text, instants that are not, wrong shapes. */
const NUMBERS: unknown[] = [
  0,
  -1,
  1.5,
  2_147_483_647,
  2_147_483_648,
  -2_147_483_649,
  2 ** 53 + 2,
  2 ** 63,
  1e308,
  -1e308,
]
const NUMERIC_TEXTS: unknown[] = ['2147483648', '9223372036854775808', '99999999999999999999999', '1e3', '0x10', ' 1']
const TEXTS: unknown[] = [
  '',
  ' ',
  'x'.repeat(10_001),
  ...CONTROL.map((c) => `a${c}b`),
  '\ud800',
  '%00',
  "'; drop table grids; --",
  'unknown-enum-value',
]
const INSTANTS: unknown[] = [
  '2026-01-01T23:59:60Z',
  '9999-12-31T23:59:59Z',
  '0000-01-01T00:00:00Z',
  '2026-02-30T00:00:00Z',
  '2026-01-01T00:00:00+24:00',
  '275760-09-13T00:00:00Z',
  '2026-02-30',
  '0000-01-01',
]
const SHAPES: unknown[] = [true, null, [], [1, 2], ['a', 'b'], {}, { a: 1 }]

function boundariesOf(schema: FieldSchema): unknown[] {
  const own: unknown[] = []
  const { minimum, maximum, minLength, maxLength } = schema
  if (minimum !== undefined) own.push(minimum, minimum - 1, minimum - 0.5)
  if (maximum !== undefined) own.push(maximum, maximum + 1, maximum + 0.5)
  if (minLength !== undefined && minLength > 0) own.push('x'.repeat(minLength - 1))
  if (maxLength !== undefined)
    own.push('x'.repeat(maxLength), 'x'.repeat(maxLength + 1), `${'中'.repeat(maxLength - 1)}\u0000`)
  for (const branch of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) own.push(...boundariesOf(branch))
  return own
}

function typesOf(schema: FieldSchema): string[] {
  const own = schema.type === undefined ? [] : [schema.type].flat()
  return [...own, ...[...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].flatMap(typesOf)]
}

/**
 * Every boundary value for a field: its own (from its schema's bounds) first, then those of its type — numbers and
 * numeric texts for a number, texts and instants for a text — and values of every other shape.
 */
export function boundaryValues(schema: FieldSchema): unknown[] {
  const types = typesOf(schema)
  const numeric = types.some((t) => t === 'integer' || t === 'number')
  const textual = types.includes('string') || types.length === 0
  return [
    ...boundariesOf(schema),
    ...(numeric ? [...NUMBERS, ...NUMERIC_TEXTS] : NUMBERS.slice(3, 5)),
    ...(textual ? [...TEXTS, ...INSTANTS, ...NUMERIC_TEXTS.slice(0, 2)] : TEXTS.slice(0, 4)),
    ...SHAPES,
  ]
}

/** Random values of every JSON shape, control characters and huge numbers included. */
const randomValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.noBias(fc.integer({ min: -(2 ** 33), max: 2 ** 33 })),
  fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }).map((n) => n.toString()),
  fc.double(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('a', '1', '-', ':', 'T', 'Z', ...CONTROL), maxLength: 30 }),
  fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.jsonValue({ maxDepth: 2 }),
)

/** `count` random values, the same ones for the same seed (printed by the test so a failure can be replayed). */
export function randomValues(count: number, seed: number): unknown[] {
  return fc.sample(randomValue, { numRuns: count, seed })
}

/** A value the schema accepts, for the fields not under test (field names give the few that need a real one). */
export function validSample(schema: FieldSchema): unknown {
  if (schema.default !== undefined) return schema.default
  if (schema.const !== undefined) return schema.const
  if (schema.enum) return schema.enum[0]
  const branches = schema.anyOf ?? schema.oneOf
  if (branches) return validSample(branches.find((b) => b.type !== 'null') ?? branches[0]!)
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type
  switch (type) {
    case 'integer':
    case 'number':
      return schema.minimum ?? 1
    case 'boolean':
      return true
    case 'array':
      return []
    case 'object':
      return Object.fromEntries((schema.required ?? []).map((k) => [k, validSample(schema.properties![k]!)]))
    case 'null':
      return null
    case 'string':
    case undefined:
    default:
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1))
  }
}
