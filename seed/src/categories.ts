/**
 * Incident categories after the digital urban management standard's groups: events (事件) and components (部件),
 * two levels. Each sub-category names its default department (DEPARTMENTS codes) and its time limits: hours to
 * dispatch once registered, and the handling limit in working hours or days once dispatched. The reference
 * street's goal is two working days where it used to be five.
 */
export interface CategorySeed {
  code: string
  name: string
  nameEn: string
  kind: 'event' | 'component'
  children: readonly SubCategorySeed[]
}

export interface SubCategorySeed {
  code: string
  name: string
  nameEn: string
  department: string
  dispatchHours: number
  handling: { unit: 'hours' | 'days'; amount: number }
}

const days = (amount: number) => ({ unit: 'days' as const, amount })
const hours = (amount: number) => ({ unit: 'hours' as const, amount })

export const CATEGORIES: readonly CategorySeed[] = [
  {
    code: 'E01',
    name: '市容环境',
    nameEn: 'Cityscape and environment',
    kind: 'event',
    children: [
      {
        code: 'E0101',
        name: '暴露垃圾',
        nameEn: 'Exposed rubbish',
        department: 'enforcement',
        dispatchHours: 1,
        handling: hours(4),
      },
      {
        code: 'E0102',
        name: '积存垃圾渣土',
        nameEn: 'Accumulated waste and muck',
        department: 'enforcement',
        dispatchHours: 2,
        handling: days(1),
      },
      {
        code: 'E0103',
        name: '道路不洁',
        nameEn: 'Dirty road',
        department: 'enforcement',
        dispatchHours: 1,
        handling: hours(4),
      },
      {
        code: 'E0104',
        name: '私搭乱建',
        nameEn: 'Illegal structure',
        department: 'enforcement',
        dispatchHours: 2,
        handling: days(2),
      },
      {
        code: 'E0105',
        name: '露天烧烤',
        nameEn: 'Open-air barbecue',
        department: 'enforcement',
        dispatchHours: 1,
        handling: hours(2),
      },
      {
        code: 'E0106',
        name: '焚烧垃圾树叶',
        nameEn: 'Burning rubbish or leaves',
        department: 'environment',
        dispatchHours: 1,
        handling: hours(2),
      },
    ],
  },
  {
    code: 'E02',
    name: '宣传广告',
    nameEn: 'Publicity and advertising',
    kind: 'event',
    children: [
      {
        code: 'E0201',
        name: '非法小广告',
        nameEn: 'Illegal small advertisements',
        department: 'enforcement',
        dispatchHours: 2,
        handling: days(1),
      },
      {
        code: 'E0202',
        name: '违规户外广告',
        nameEn: 'Non-compliant outdoor advertising',
        department: 'enforcement',
        dispatchHours: 2,
        handling: days(2),
      },
      {
        code: 'E0203',
        name: '占道宣传咨询',
        nameEn: 'Promotion stall on the road',
        department: 'enforcement',
        dispatchHours: 1,
        handling: hours(4),
      },
    ],
  },
  {
    code: 'E03',
    name: '施工管理',
    nameEn: 'Construction management',
    kind: 'event',
    children: [
      {
        code: 'E0301',
        name: '施工扰民',
        nameEn: 'Construction noise',
        department: 'environment',
        dispatchHours: 1,
        handling: hours(4),
      },
      {
        code: 'E0302',
        name: '工地扬尘',
        nameEn: 'Construction-site dust',
        department: 'environment',
        dispatchHours: 1,
        handling: days(1),
      },
      {
        code: 'E0303',
        name: '道路遗撒',
        nameEn: 'Spillage on the road',
        department: 'enforcement',
        dispatchHours: 1,
        handling: hours(4),
      },
      {
        code: 'E0304',
        name: '无证掘路',
        nameEn: 'Unlicensed road digging',
        department: 'enforcement',
        dispatchHours: 1,
        handling: days(1),
      },
    ],
  },
  {
    code: 'E04',
    name: '街面秩序',
    nameEn: 'Street order',
    kind: 'event',
    children: [
      {
        code: 'E0401',
        name: '无照经营游商',
        nameEn: 'Unlicensed street vending',
        department: 'enforcement',
        dispatchHours: 1,
        handling: hours(4),
      },
      {
        code: 'E0402',
        name: '店外经营',
        nameEn: 'Trading outside the shop',
        department: 'enforcement',
        dispatchHours: 1,
        handling: hours(4),
      },
      {
        code: 'E0403',
        name: '机动车乱停放',
        nameEn: 'Illegal car parking',
        department: 'police',
        dispatchHours: 1,
        handling: hours(2),
      },
      {
        code: 'E0404',
        name: '非机动车乱停放',
        nameEn: 'Disorderly bicycle parking',
        department: 'enforcement',
        dispatchHours: 1,
        handling: hours(4),
      },
      {
        code: 'E0405',
        name: '占道堆物',
        nameEn: 'Goods piled on the road',
        department: 'enforcement',
        dispatchHours: 1,
        handling: days(1),
      },
      {
        code: 'E0406',
        name: '食品安全隐患',
        nameEn: 'Food safety hazard',
        department: 'market',
        dispatchHours: 1,
        handling: days(1),
      },
    ],
  },
  {
    code: 'E05',
    name: '突发事件',
    nameEn: 'Emergencies',
    kind: 'event',
    children: [
      {
        code: 'E0501',
        name: '路面塌陷',
        nameEn: 'Road collapse',
        department: 'grid-centre',
        dispatchHours: 0.5,
        handling: hours(2),
      },
      {
        code: 'E0502',
        name: '自来水管破裂',
        nameEn: 'Burst water main',
        department: 'grid-centre',
        dispatchHours: 0.5,
        handling: hours(4),
      },
      {
        code: 'E0503',
        name: '燃气泄漏',
        nameEn: 'Gas leak',
        department: 'police',
        dispatchHours: 0.5,
        handling: hours(1),
      },
      {
        code: 'E0504',
        name: '道路积水',
        nameEn: 'Waterlogged road',
        department: 'grid-centre',
        dispatchHours: 0.5,
        handling: hours(4),
      },
    ],
  },
  {
    code: 'E06',
    name: '其他事件',
    nameEn: 'Other events',
    kind: 'event',
    children: [
      {
        code: 'E0601',
        name: '邻里纠纷',
        nameEn: 'Neighbour dispute',
        department: 'livelihood',
        dispatchHours: 2,
        handling: days(2),
      },
      {
        code: 'E0602',
        name: '民生诉求',
        nameEn: "Residents' request",
        department: 'livelihood',
        dispatchHours: 2,
        handling: days(2),
      },
    ],
  },
  {
    code: 'C01',
    name: '公用设施',
    nameEn: 'Public utilities',
    kind: 'component',
    children: [
      {
        code: 'C0101',
        name: '井盖破损缺失',
        nameEn: 'Broken or missing manhole cover',
        department: 'grid-centre',
        dispatchHours: 0.5,
        handling: hours(4),
      },
      {
        code: 'C0102',
        name: '路灯不亮',
        nameEn: 'Street light out',
        department: 'grid-centre',
        dispatchHours: 2,
        handling: days(2),
      },
      {
        code: 'C0103',
        name: '消防栓损坏',
        nameEn: 'Damaged fire hydrant',
        department: 'grid-centre',
        dispatchHours: 1,
        handling: days(1),
      },
    ],
  },
  {
    code: 'C02',
    name: '交通设施',
    nameEn: 'Traffic facilities',
    kind: 'component',
    children: [
      {
        code: 'C0201',
        name: '交通标志损坏',
        nameEn: 'Damaged traffic sign',
        department: 'police',
        dispatchHours: 2,
        handling: days(2),
      },
      {
        code: 'C0202',
        name: '护栏损坏',
        nameEn: 'Damaged guardrail',
        department: 'grid-centre',
        dispatchHours: 2,
        handling: days(2),
      },
      {
        code: 'C0203',
        name: '公交站亭损坏',
        nameEn: 'Damaged bus shelter',
        department: 'grid-centre',
        dispatchHours: 2,
        handling: days(2),
      },
    ],
  },
  {
    code: 'C03',
    name: '市容环境设施',
    nameEn: 'Sanitation facilities',
    kind: 'component',
    children: [
      {
        code: 'C0301',
        name: '垃圾箱满溢破损',
        nameEn: 'Overflowing or broken bin',
        department: 'enforcement',
        dispatchHours: 1,
        handling: hours(4),
      },
      {
        code: 'C0302',
        name: '公厕设施损坏',
        nameEn: 'Damaged public toilet',
        department: 'livelihood',
        dispatchHours: 2,
        handling: days(1),
      },
    ],
  },
  {
    code: 'C04',
    name: '园林绿化设施',
    nameEn: 'Landscaping',
    kind: 'component',
    children: [
      {
        code: 'C0401',
        name: '绿地脏乱',
        nameEn: 'Littered green space',
        department: 'enforcement',
        dispatchHours: 2,
        handling: days(1),
      },
      {
        code: 'C0402',
        name: '树木倒伏',
        nameEn: 'Fallen tree',
        department: 'grid-centre',
        dispatchHours: 0.5,
        handling: hours(4),
      },
    ],
  },
  {
    code: 'C05',
    name: '其他设施',
    nameEn: 'Other facilities',
    kind: 'component',
    children: [
      {
        code: 'C0501',
        name: '健身器材损坏',
        nameEn: 'Damaged fitness equipment',
        department: 'culture',
        dispatchHours: 2,
        handling: days(2),
      },
      {
        code: 'C0502',
        name: '宣传栏破损',
        nameEn: 'Broken notice board',
        department: 'culture',
        dispatchHours: 2,
        handling: days(2),
      },
    ],
  },
]
