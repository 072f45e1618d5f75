import { XMLBuilder } from 'fast-xml-parser'
import type { Open311Format } from '@wangge/contract'

/**
 * Every Open311 resource in its two formats. The JSON is the resource as the spec shows it; the XML is the same
 * resource under the spec's element names, written by fast-xml-parser's builder: a list becomes its wrapper
 * element holding one child per item (services → service, endpoints → endpoint, formats → format, …).
 */

export type Open311Resource =
  | { kind: 'discovery'; body: Discovery }
  | { kind: 'services'; body: Service[] }
  | { kind: 'service_definition'; body: ServiceDefinition }
  | { kind: 'service_requests'; body: Record<string, unknown>[] }
  | { kind: 'service_requests_updates'; body: RequestUpdate[] }
  | { kind: 'errors'; body: Open311Error[] }

export interface Discovery {
  changeset: string
  contact: string
  key_service: string
  endpoints: { specification: string; url: string; changeset: string; type: 'production' | 'test'; formats: string[] }[]
}

export interface Service {
  service_code: string
  service_name: string
  description: string
  metadata: boolean
  type: 'realtime' | 'batch' | 'blackbox'
  keywords: string
  group: string
}

export interface ServiceAttribute {
  variable: boolean
  code: string
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist'
  required: boolean
  datatype_description: string
  order: number
  description: string
  values: { key: string; name: string }[]
}

export interface ServiceDefinition {
  service_code: string
  attributes: ServiceAttribute[]
}

export interface RequestUpdate {
  update_id: string
  service_request_id: string
  status: string
  updated_datetime: string
  description: string
  media_url: string
}

export interface Open311Error {
  code: number
  description: string
}

const builder = new XMLBuilder({ format: false, suppressEmptyNode: false, processEntities: true })

/** The XML tree of a resource: each list under its wrapper, one element per item. */
function xmlTree(resource: Open311Resource): Record<string, unknown> {
  switch (resource.kind) {
    case 'discovery': {
      const { endpoints, ...rest } = resource.body
      return {
        discovery: {
          ...rest,
          endpoints: { endpoint: endpoints.map(({ formats, ...e }) => ({ ...e, formats: { format: formats } })) },
        },
      }
    }
    case 'services':
      return { services: { service: resource.body } }
    case 'service_definition':
      return {
        service_definition: {
          service_code: resource.body.service_code,
          attributes: {
            attribute: resource.body.attributes.map(({ values, ...a }) => ({ ...a, values: { value: values } })),
          },
        },
      }
    case 'service_requests':
      return { service_requests: { request: resource.body } }
    case 'service_requests_updates':
      return { service_requests_updates: { request_update: resource.body } }
    case 'errors':
      return { errors: { error: resource.body } }
  }
}

/** Null and undefined fields go out empty in XML (`<media_url></media_url>`), as the spec's examples do. */
function withoutNulls(value: unknown): unknown {
  if (value === null || value === undefined) return ''
  if (Array.isArray(value)) return value.map(withoutNulls)
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutNulls(v)]))
  }
  return value
}

export function renderOpen311(format: Open311Format, resource: Open311Resource): { type: string; text: string } {
  if (format === 'json') return { type: 'application/json; charset=utf-8', text: JSON.stringify(resource.body) }
  return {
    type: 'text/xml; charset=utf-8',
    text: `<?xml version="1.0" encoding="utf-8"?>${builder.build(withoutNulls(xmlTree(resource))) as string}`,
  }
}
