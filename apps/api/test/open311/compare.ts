import { expect } from 'vitest'

/** The child element each list is written with in XML (the spec's names). */
const ITEM_OF: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  service_requests_updates: 'request_update',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
  attributes: 'attribute',
  values: 'value',
}

/**
 * Asserts that an XML reply (parsed, values as text) says field for field what the JSON reply says: the same fields,
 * each list as its wrapper with one element per item, each value the same once written as text.
 */
export function expectXmlMatchesJson(json: unknown, xml: unknown, path: string): void {
  if (Array.isArray(json)) {
    const wrapper = path.split('.').pop()!
    const item = ITEM_OF[wrapper]
    expect(item, `${path}: a list the spec names`).toBeDefined()
    // An empty wrapper (<values></values>) reads as empty text.
    const items = xml === '' ? [] : ((xml as Record<string, unknown>)[item!] as unknown[])
    if (xml !== '') expect(Object.keys(xml as object), `${path}: only <${item}> inside`).toEqual([item])
    expect(items.length, `${path}: as many <${item}> as JSON items`).toBe(json.length)
    json.forEach((j, i) => expectXmlMatchesJson(j, items[i], `${path}.${item}[${i}]`))
    return
  }
  if (json !== null && typeof json === 'object') {
    expect(typeof xml, `${path}: an element with children`).toBe('object')
    expect(Object.keys(xml as object).sort(), `${path}: the same fields`).toEqual(Object.keys(json).sort())
    for (const [k, v] of Object.entries(json))
      expectXmlMatchesJson(v, (xml as Record<string, unknown>)[k], `${path}.${k}`)
    return
  }
  expect(xml, `${path}: the same value`).toBe(json === null ? '' : String(json))
}

/** The XML's root must be the resource's own element. */
export function rootOf(xml: Record<string, unknown>, name: string): unknown {
  const roots = Object.keys(xml).filter((k) => k !== '?xml')
  expect(roots).toEqual([name])
  return xml[name]
}
