/**
 * Community (社区) names for the nine level-1 grids, in code order. They are plausible names after local
 * rivers and streets, not the official list of 大虞街道's communities.
 */
export const COMMUNITY_NAMES: readonly string[] = [
  '虞河社区',
  '大虞社区',
  '樱园社区',
  '福寿社区',
  '宝通社区',
  '民生社区',
  '和平社区',
  '向阳社区',
  '玉清社区',
]

const DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九']

/** 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (1..99). */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new RangeError(`no numeral for ${n}`)
  const tens = Math.floor(n / 10)
  const ones = n % 10
  if (tens === 0) return DIGITS[ones]!
  return `${tens === 1 ? '' : DIGITS[tens]!}十${DIGITS[ones]!}`
}
