import { sql, type Kysely } from 'kysely'
import { maskPhone } from '@wangge/accounts'
import type { Database } from '../db/database-schema.ts'
import type { RegistryCipher } from '../plugins/app/registry/registry-cipher.ts'
import { COMMERCIAL_BUILDINGS } from './registry-population.ts'

/** The organisations the reference street's report names, each in the community given (1-based, code order). */
const NAMED = [
  { community: 1, name: '「成美」工作室', kind: 'social_organisation' },
  { community: 2, name: '「阳光姐妹」助老队伍', kind: 'social_organisation' },
  { community: 3, name: '「四有」艺术团', kind: 'cultural_team' },
  { community: 4, name: '「和事佬」调解队', kind: 'social_organisation' },
] as const

const SOCIAL = ['志愿服务队', '邻里互助会', '老年协会', '青年志愿者协会', '家长学校', '残疾人互助会', '红白理事会']
const CULTURAL = ['广场舞队', '合唱团', '书画社', '戏曲队', '太极拳队']
const SHOPS = ['便民超市', '理发店', '早餐店', '水果店', '药店', '五金店', '洗衣店', '烟酒店']
const COMPANIES = [
  '科技有限公司',
  '商贸有限公司',
  '文化传媒有限公司',
  '物业服务有限公司',
  '会计服务有限公司',
  '建筑设计有限公司',
]
/** The community that misses the street's rule (4 social organisations, 1 cultural team): the last one. */
const SHORT_COMMUNITY = 9

interface OrganisationSeed {
  community: number
  /** Which unit grid of the community (its n-th by code) the organisation sits in. */
  gridOrdinal: number
  name: string
  kind: string
  creditCode: string | null
  building: string | null
  contactName: string
  contactPhone: string
}

/** Every seeded organisation: per community its social organisations and cultural teams (the rule met in all
 * but one), a party organisation, a clinic, shops; a school in every third; companies in the commercial buildings. */
function organisationSeeds(communityNames: readonly string[]): OrganisationSeed[] {
  const seeds: OrganisationSeed[] = []
  let phone = 0
  let credit = 0
  const add = (o: Omit<OrganisationSeed, 'contactName' | 'contactPhone'>) =>
    seeds.push({
      ...o,
      contactName: `联系人${String(seeds.length + 1).padStart(3, '0')}`,
      contactPhone: `1991${String(++phone).padStart(7, '0')}`,
    })
  const code = () => `91370799MA${String(++credit).padStart(8, '0')}`
  communityNames.forEach((full, index) => {
    const community = index + 1
    const short = full.replace(/社区$/, '')
    const named = NAMED.filter((n) => n.community === community)
    const socialCount = community === SHORT_COMMUNITY ? 4 : 5 + (community % 2)
    const culturalCount = community === SHORT_COMMUNITY ? 1 : 2 + (community % 3 === 0 ? 1 : 0)
    const namedSocial = named.filter((n) => n.kind === 'social_organisation')
    const namedCultural = named.filter((n) => n.kind === 'cultural_team')
    let ordinal = 1
    const place = () => 1 + ((ordinal++ * 17) % 140)
    for (const n of [...namedSocial, ...namedCultural])
      add({ community, gridOrdinal: place(), name: n.name, kind: n.kind, creditCode: null, building: null })
    for (let i = 0; i < socialCount - namedSocial.length; i++)
      add({
        community,
        gridOrdinal: place(),
        name: `${short}社区${SOCIAL[(i + community) % SOCIAL.length]}`,
        kind: 'social_organisation',
        creditCode: null,
        building: null,
      })
    for (let i = 0; i < culturalCount - namedCultural.length; i++)
      add({
        community,
        gridOrdinal: place(),
        name: `${short}社区${CULTURAL[(i + community) % CULTURAL.length]}`,
        kind: 'cultural_team',
        creditCode: null,
        building: null,
      })
    add({
      community,
      gridOrdinal: 1,
      name: `中共${full}委员会`,
      kind: 'party_organisation',
      creditCode: null,
      building: null,
    })
    add({
      community,
      gridOrdinal: place(),
      name: `${short}社区卫生服务站`,
      kind: 'medical',
      creditCode: code(),
      building: null,
    })
    if (community % 3 === 1)
      add({ community, gridOrdinal: place(), name: `${short}小学`, kind: 'school', creditCode: code(), building: null })
    for (let i = 0; i < SHOPS.length; i++)
      add({
        community,
        gridOrdinal: place(),
        name: `${short}${SHOPS[i]}`,
        kind: 'shop',
        creditCode: code(),
        building: null,
      })
  })
  COMMERCIAL_BUILDINGS.forEach((building, b) => {
    for (let i = 0; i < 4; i++)
      add({
        community: 0,
        gridOrdinal: 0,
        name: `潍坊${building.slice(0, 2)}${COMPANIES[(b + i) % COMPANIES.length]}`,
        kind: 'enterprise',
        creditCode: code(),
        building,
      })
  })
  return seeds
}

/** The organisations in one statement, then the members of the social organisations and teams in another. */
export async function seedOrganisations(db: Kysely<Database>, cipher: RegistryCipher): Promise<number> {
  const communities = await sql<{ name: string }>`select name from grids where level = 1 order by code`.execute(db)
  const seeds = organisationSeeds(communities.rows.map((c) => c.name))
  const result = await sql`
    with communities as (select id, row_number() over (order by code) n from grids where level = 1),
    unit_grids as (
      select g3.id, g2.parent_id l1, row_number() over (partition by g2.parent_id order by g3.code) n,
        count(*) over (partition by g2.parent_id) grids_in_community
      from grids g3 join grids g2 on g2.id = g3.parent_id where g3.level = 3
    ), seeds as (
      select * from unnest(${seeds.map((s) => s.community)}::int[], ${seeds.map((s) => s.gridOrdinal)}::int[],
        ${seeds.map((s) => s.name)}::text[], ${seeds.map((s) => s.kind)}::text[], ${seeds.map((s) => s.creditCode)}::text[],
        ${seeds.map((s) => s.building)}::text[], ${seeds.map((s) => s.contactName)}::text[],
        ${seeds.map((s) => cipher.seal(s.contactPhone))}::bytea[], ${seeds.map((s) => cipher.lookupHash(s.contactPhone))}::bytea[],
        ${seeds.map((s) => maskPhone(s.contactPhone))}::text[])
        as s(community, grid_ordinal, name, kind, credit_code, building, contact_name, phone_cipher, phone_hmac, phone_masked)
    )
    insert into registry.organisations (name, kind, credit_code, address, location, contact_name, contact_phone_cipher,
      contact_phone_hmac, contact_phone_masked, building_id, grid_l1_id, grid_l2_id, grid_l3_id)
    select s.name, s.kind, s.credit_code, b.address, b.location, s.contact_name, s.phone_cipher, s.phone_hmac,
      s.phone_masked, b.id, b.grid_l1_id, b.grid_l2_id, b.grid_l3_id
    from seeds s
    left join communities c on c.n = s.community
    left join unit_grids ug on ug.l1 = c.id and ug.n = 1 + (s.grid_ordinal - 1) % ug.grids_in_community
    join registry.buildings b on case when s.building is null then b.grid_l3_id = ug.id and b.use = 'residential'
                                      else b.name = s.building end`.execute(db)
  // Each team takes a run of its community's adults in id order, from an offset its id fixes. The adults are ranked
  // once per community (a lookup per team scanned every resident once per team); k is the rank in the community.
  await sql`
    with adults as (
      select id, grid_l1_id, row_number() over (partition by grid_l1_id order by id) k from registry.residents
      where birth_date < date '2006-01-01'
    )
    insert into registry.organisation_members (organisation_id, resident_id, role)
    select o.id, r.id, case when r.k = 1 then 'leader' else 'member' end
    from registry.organisations o
    join adults r on r.grid_l1_id = o.grid_l1_id
      and r.k > o.id * 13 % 2000 and r.k <= o.id * 13 % 2000 + 6 + o.id % 7
    where o.kind in ('social_organisation', 'cultural_team')
    order by o.id, r.id`.execute(db)
  return Number(result.numAffectedRows ?? 0)
}
