import { XMLParser } from 'fast-xml-parser'

// An Open311 GeoReport v2 client that speaks XML only, written from the spec: no npm client of the standard is
// maintained (the registry has none for Node), so this is what a city system would write. It POSTs
// application/x-www-form-urlencoded with api_key and jurisdiction_id, GETs `.xml` resources and reads them back into
// plain objects, the spec's repeated elements as lists. It knows nothing of the server's code.

/** Elements that the spec repeats inside a wrapper: always read as lists, even when one (or none) came. */
const LISTS = new Set(['service', 'request', 'request_update', 'error', 'endpoint', 'format', 'attribute', 'value'])

const parser = new XMLParser({
  ignoreAttributes: true,
  // Values stay text, as an XML consumer reads them; the comparison with JSON decides what they mean.
  parseTagValue: false,
  trimValues: false,
  isArray: (name) => LISTS.has(name),
})

export interface XmlReply {
  status: number
  contentType: string
  body: Record<string, unknown>
  text: string
}

export class Open311XmlClient {
  constructor(
    private readonly endpoint: string,
    private readonly jurisdictionId: string,
    private readonly apiKey?: string,
  ) {}

  private async read(response: Response): Promise<XmlReply> {
    const text = await response.text()
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      body: parser.parse(text) as Record<string, unknown>,
      text,
    }
  }

  async get(path: string, query: Record<string, string> = {}): Promise<XmlReply> {
    const params = new URLSearchParams({ jurisdiction_id: this.jurisdictionId, ...query })
    return this.read(await fetch(`${this.endpoint}/${path}.xml?${params}`))
  }

  /** POST requests.xml: the spec's fields, form-encoded, with the key and jurisdiction; attributes as attribute[code]. */
  async createRequest(
    fields: Record<string, string>,
    attributes: Record<string, string | string[]> = {},
  ): Promise<XmlReply> {
    const form = new URLSearchParams({ jurisdiction_id: this.jurisdictionId, ...fields })
    if (this.apiKey) form.set('api_key', this.apiKey)
    for (const [code, value] of Object.entries(attributes)) {
      for (const v of Array.isArray(value) ? value : [value]) form.append(`attribute[${code}]`, v)
    }
    return this.read(
      await fetch(`${this.endpoint}/requests.xml`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      }),
    )
  }

  discovery = () => this.get('discovery')
  services = () => this.get('services')
  serviceDefinition = (code: string) => this.get(`services/${code}`)
  requests = (query: Record<string, string> = {}) => this.get('requests', query)
  request = (id: string) => this.get(`requests/${encodeURIComponent(id)}`)
  token = (token: string) => this.get(`tokens/${token}`)
  updates = (query: Record<string, string> = {}) => this.get('servicerequestupdates', query)
}

/** Parses an XML text the way the client does, for replies fetched some other way (inject). */
export const parseOpen311Xml = (text: string) => parser.parse(text) as Record<string, unknown>
