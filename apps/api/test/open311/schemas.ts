// JSON Schemas of the Open311 GeoReport v2 resources, written from the spec (http://wiki.open311.org/GeoReport_v2)
// and FixMyStreet's servicerequestupdates extension — on purpose apart from the server's code, so a reply that
// drifts from the spec fails here whatever the server believes. Times are ISO 8601 with the street's +08:00.

const ISO_0800 = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?\\+08:00$' } as const
const EMPTY_OR_ISO_0800 = { anyOf: [ISO_0800, { const: '' }] } as const
const text = { type: 'string' } as const

export const discoverySchema = {
  type: 'object',
  required: ['changeset', 'contact', 'key_service', 'endpoints'],
  additionalProperties: false,
  properties: {
    changeset: ISO_0800,
    contact: { type: 'string', minLength: 1 },
    key_service: { type: 'string', minLength: 1 },
    endpoints: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['specification', 'url', 'changeset', 'type', 'formats'],
        additionalProperties: false,
        properties: {
          specification: { const: 'http://wiki.open311.org/GeoReport_v2' },
          url: { type: 'string', format: 'uri' },
          changeset: ISO_0800,
          type: { enum: ['production', 'test'] },
          formats: {
            type: 'array',
            items: { enum: ['text/xml', 'application/json'] },
            minItems: 2,
            uniqueItems: true,
          },
        },
      },
    },
  },
} as const

export const servicesSchema = {
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    required: ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group'],
    additionalProperties: false,
    properties: {
      service_code: { type: 'string', minLength: 1 },
      service_name: { type: 'string', minLength: 1 },
      description: text,
      metadata: { type: 'boolean' },
      type: { enum: ['realtime', 'batch', 'blackbox'] },
      keywords: text,
      group: text,
    },
  },
} as const

export const serviceDefinitionSchema = {
  type: 'object',
  required: ['service_code', 'attributes'],
  additionalProperties: false,
  properties: {
    service_code: { type: 'string', minLength: 1 },
    attributes: {
      type: 'array',
      items: {
        type: 'object',
        required: [
          'variable',
          'code',
          'datatype',
          'required',
          'datatype_description',
          'order',
          'description',
          'values',
        ],
        additionalProperties: false,
        properties: {
          variable: { type: 'boolean' },
          code: { type: 'string', minLength: 1 },
          datatype: { enum: ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] },
          required: { type: 'boolean' },
          datatype_description: text,
          order: { type: 'integer', minimum: 1 },
          description: text,
          values: {
            type: 'array',
            items: {
              type: 'object',
              required: ['key', 'name'],
              additionalProperties: false,
              properties: { key: { type: 'string', minLength: 1 }, name: { type: 'string', minLength: 1 } },
            },
          },
        },
      },
    },
  },
} as const

/** POST requests' reply: one request, by id (a token too: this server files at once). */
export const postRequestSchema = {
  type: 'array',
  minItems: 1,
  maxItems: 1,
  items: {
    type: 'object',
    required: ['service_request_id', 'service_notice', 'account_id'],
    additionalProperties: false,
    properties: {
      service_request_id: { type: 'string', minLength: 1 },
      token: { type: 'string' },
      service_notice: text,
      account_id: text,
    },
  },
} as const

const serviceRequest = {
  type: 'object',
  required: [
    'service_request_id',
    'status',
    'status_notes',
    'service_name',
    'service_code',
    'description',
    'agency_responsible',
    'service_notice',
    'requested_datetime',
    'updated_datetime',
    'expected_datetime',
    'address',
    'address_id',
    'zipcode',
    'lat',
    'long',
    'media_url',
  ],
  // Nothing else: above all no email, names, phone, device or account of the reporter.
  additionalProperties: false,
  properties: {
    service_request_id: { type: 'string', minLength: 1 },
    status: { enum: ['open', 'closed'] },
    status_notes: text,
    service_name: text,
    service_code: text,
    description: text,
    agency_responsible: text,
    service_notice: text,
    requested_datetime: ISO_0800,
    updated_datetime: ISO_0800,
    expected_datetime: EMPTY_OR_ISO_0800,
    address: text,
    address_id: text,
    zipcode: text,
    lat: { type: 'number', minimum: -90, maximum: 90 },
    long: { type: 'number', minimum: -180, maximum: 180 },
    media_url: text,
  },
} as const

export const serviceRequestsSchema = { type: 'array', maxItems: 1000, items: serviceRequest } as const
export const oneServiceRequestSchema = { type: 'array', minItems: 1, maxItems: 1, items: serviceRequest } as const

export const tokenSchema = {
  type: 'array',
  minItems: 1,
  maxItems: 1,
  items: {
    type: 'object',
    required: ['service_request_id', 'token'],
    additionalProperties: false,
    properties: { service_request_id: { type: 'string', minLength: 1 }, token: { type: 'string', minLength: 1 } },
  },
} as const

export const updatesSchema = {
  type: 'array',
  maxItems: 1000,
  items: {
    type: 'object',
    required: ['update_id', 'service_request_id', 'status', 'updated_datetime', 'description', 'media_url'],
    additionalProperties: false,
    properties: {
      update_id: { type: 'string', minLength: 1 },
      service_request_id: { type: 'string', minLength: 1 },
      // FixMyStreet's extension's states, as its own examples write them (lower case).
      status: {
        enum: [
          'open',
          'closed',
          'fixed',
          'action_scheduled',
          'investigating',
          'in_progress',
          'duplicate',
          'not_councils_responsibility',
          'no_further_action',
          'internal_referral',
        ],
      },
      updated_datetime: ISO_0800,
      description: text,
      media_url: text,
    },
  },
} as const

export const errorsSchema = {
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    required: ['code', 'description'],
    additionalProperties: false,
    properties: {
      code: { type: 'integer', minimum: 400, maximum: 599 },
      description: { type: 'string', minLength: 1 },
    },
  },
} as const
