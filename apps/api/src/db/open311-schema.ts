import type { Generated, GeneratedAlways } from 'kysely'

/** An integrating system's Open311 API key (migration 0021): the key's hash, never the key. */
export interface Open311ApiKeysTable {
  id: GeneratedAlways<number>
  name: string
  key_prefix: string
  key_hash: string
  /** Null: every service. */
  services: string[] | null
  rate_limit_per_minute: number
  created_by: number
  created_at: Generated<Date>
  revoked_at: Date | null
  revoked_by: number | null
  last_used_at: Date | null
}

/** What an Open311 request brought beside its incident (migration 0022); the personal fields are never public. */
export interface Open311RequestsTable {
  incident_id: string
  api_key_id: number
  token: string
  service_code: string
  attributes: Generated<unknown>
  address_string: string | null
  media_url: string | null
  email: string | null
  device_id: string | null
  account_id: string | null
  first_name: string | null
  last_name: string | null
  phone: string | null
}
