import { hash32 } from './hash.ts'

/**
 * The reference street's service stations as the seed writes them: one community work station (社区工作站) per
 * community and one grid service station (网格服务站) per area. Names, addresses, contacts and hours are plausible,
 * not real: roads of 奎文区, common surnames, mobile numbers that belong to no one in particular. Everything follows
 * from the grid's code, so the same grid gets the same station on every run.
 */
export interface StationSeed {
  name: string
  address: string
  contactName: string
  contactPhone: string
  openingHours: string
}

const ROADS = [
  '胜利东街',
  '东风东街',
  '健康东街',
  '文化路',
  '虞河路',
  '鸢飞路',
  '新华路',
  '北海路',
  '福寿东街',
  '民生东街',
  '樱前街',
  '宝通东街',
  '向阳路',
  '和平路',
  '玉清东街',
  '北宫东街',
  '四平路',
  '梨园街',
]
const COMPOUNDS = [
  '樱园小区',
  '虞河花园',
  '福寿里',
  '和平新村',
  '向阳小区',
  '宝通苑',
  '玉清花园',
  '民生家园',
  '金宝花园',
  '新华苑',
  '文化佳苑',
  '东方花园',
]
const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '赵',
  '黄',
  '周',
  '吴',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '高',
  '林',
  '于',
  '徐',
  '韩',
]
const GIVEN = [
  '秀英',
  '建国',
  '丽娟',
  '海燕',
  '志强',
  '桂兰',
  '文静',
  '晓东',
  '玉梅',
  '立新',
  '春燕',
  '国庆',
  '红霞',
  '振华',
  '淑芬',
  '明亮',
  '雪梅',
  '德胜',
]
const MOBILE_PREFIXES = [
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '158',
  '159',
  '182',
  '187',
  '188',
  '133',
  '153',
  '180',
  '189',
  '177',
]

const pick = <T>(items: readonly T[], ...keys: number[]): T => items[hash32(...keys) % items.length]!

/** The station of a level-1 or level-2 grid, from its code and name. */
export function stationSeedFor(grid: { code: string; name: string; level: 1 | 2 }): StationSeed {
  const key = Number(grid.code.slice(9))
  const road = pick(ROADS, key, 1)
  const number = 10 + (hash32(key, 2) % 290)
  const subscriber = String(hash32(key, 3) % 100_000_000).padStart(8, '0')
  const contact = `${pick(SURNAMES, key, 4)}${pick(GIVEN, key, 5)}`
  const phone = `${pick(MOBILE_PREFIXES, key, 6)}${subscriber}`
  if (grid.level === 1) {
    return {
      name: `${grid.name}工作站`,
      address: `潍坊市奎文区${road}${number}号${grid.name}党群服务中心一楼`,
      contactName: contact,
      contactPhone: phone,
      openingHours: '周一至周日 8:30–17:30（节假日轮值）',
    }
  }
  const building = 1 + (hash32(key, 7) % 24)
  return {
    name: `${grid.name}网格服务站`,
    address: `潍坊市奎文区${road}${number}号${pick(COMPOUNDS, key, 8)}${building}号楼一层`,
    contactName: contact,
    contactPhone: phone,
    openingHours: '周一至周五 8:30–12:00，13:30–17:30',
  }
}
