import { DEPARTMENTS } from './accounts.ts'

/**
 * The street's staff beyond the demo accounts: a grid worker for every unit grid (the demo worker keeps its own)
 * and a handler for every department the demo handler does not stand for. Seeded cases are reported and worked by
 * the people who would report and work them, so each demo account sees exactly its scope: a community supervisor
 * sees its community, not the street (reporters see their own reports).
 *
 * Names are synthetic and plausible; phones come from a block (159 7070 xxxx) that no demo account and no test uses.
 */
export interface StaffSeed {
  phone: string
  name: string
  role: 'worker' | 'handler'
  /** A worker's unit grid (code). */
  grid: string | null
  /** A handler's department (code). */
  department: string | null
}

const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '吴',
  '周',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '高',
  '林',
  '罗',
  '郑',
  '梁',
  '谢',
  '宋',
  '唐',
  '许',
  '韩',
  '冯',
  '邓',
  '曹',
  '彭',
  '曾',
  '肖',
  '田',
  '董',
  '袁',
  '潘',
  '于',
  '蒋',
  '蔡',
  '余',
  '杜',
  '叶',
  '程',
  '苏',
  '魏',
  '吕',
  '丁',
  '任',
  '沈',
  '姚',
  '卢',
  '姜',
  '崔',
  '钟',
  '谭',
  '陆',
  '汪',
  '范',
  '金',
] as const
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀',
  '霞',
  '平',
  '刚',
  '桂',
  '英',
  '华',
  '玉',
  '兰',
  '红',
  '建',
  '国',
  '志',
  '文',
  '斌',
  '海',
  '云',
  '鹏',
  '辉',
  '宁',
  '晓',
  '立',
  '新',
  '春',
  '雪',
  '梅',
  '亮',
  '峰',
  '琳',
  '凯',
  '健',
  '婷',
  '欣',
] as const

/** The n-th synthetic name: surname and one or two given characters, picked by a hash of n so neighbours differ. */
export function staffName(n: number): string {
  const h = Math.imul(n + 1, 2654435761) >>> 0
  const surname = SURNAMES[h % SURNAMES.length]!
  const first = GIVEN[(h >>> 8) % GIVEN.length]!
  const second = GIVEN[(h >>> 16) % GIVEN.length]!
  // Two in three names have two given characters, as most do.
  return (h >>> 24) % 3 === 0 || second === first ? `${surname}${first}` : `${surname}${first}${second}`
}

/** First phone of the staff block; the demo accounts are 138 0000 00xx. */
const PHONE_BLOCK = 15970700000
const HANDLER_PHONE_BLOCK = 15970709000

/**
 * The staff for a street's unit grids (codes, in code order): one worker for each grid without a demo worker,
 * then one handler for each department without a demo handler.
 */
export function gridStaff(
  unitGridCodes: readonly string[],
  demo: { workerGrids: readonly string[]; handlerDepartments: readonly string[] },
): StaffSeed[] {
  const covered = new Set(demo.workerGrids)
  const workers = unitGridCodes.map((grid, i): StaffSeed | null =>
    covered.has(grid)
      ? null
      : { phone: String(PHONE_BLOCK + i + 1), name: staffName(i), role: 'worker', grid, department: null },
  )
  const handlers = DEPARTMENTS.filter((d) => !demo.handlerDepartments.includes(d.code)).map((d, i): StaffSeed => ({
    phone: String(HANDLER_PHONE_BLOCK + i + 1),
    name: staffName(unitGridCodes.length + i),
    role: 'handler',
    grid: null,
    department: d.code,
  }))
  return [...workers.filter((w) => w !== null), ...handlers]
}
