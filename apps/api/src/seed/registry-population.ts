import { idNumberCheckCharacter } from '@wangge/accounts'

/**
 * A deterministic, clearly synthetic population for the seeded registry. Nothing here is anyone's data:
 * - ID numbers carry division code 370799, which no county has (Weifang's run 370702–370786), so a seeded number
 *   can never be a real person's; their check characters are valid so that the same checks as the forms accept them;
 * - phones are 1990000xxxx, one number per person, in order;
 * - names are drawn from common surnames and given-name characters.
 * The same houses give the same people on every machine: randomness comes from an integer hash of the house id.
 */
export const SYNTHETIC_DIVISION = '370799'
/** Ages are counted at this date, not today, so that a seed run next year generates the same people. */
const REFERENCE_YEAR = 2026

const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
]
const MALE_CHARS = [
  ...'伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘',
]
const FEMALE_CHARS = [
  ...'秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽',
]
/** The street's commercial buildings (its economy, in the reference report), each in a unit grid of its own. */
export const COMMERCIAL_BUILDINGS = ['潍坊中心', '东鼎国际', '新华国际', '东盛广场', '新华广场'] as const

export const FOCUS_CATEGORIES = ['社区矫正对象', '刑满释放人员', '精神障碍患者', '信访重点人员'] as const

export type Relation = 'head' | 'spouse' | 'child' | 'parent' | 'grandchild' | 'other'

export interface SyntheticResident {
  houseId: number
  name: string
  idNumber: string
  phone: string | null
  sex: 'male' | 'female'
  birthDate: string
  hukouHere: boolean
  relation: Relation
  tags: string[]
  focusCategory: string | null
}

function mix32(value: number): number {
  let x = value >>> 0
  x ^= x >>> 16
  x = Math.imul(x, 0x7feb352d)
  x ^= x >>> 15
  x = Math.imul(x, 0x846ca68b)
  x ^= x >>> 16
  return x >>> 0
}

/** A stream of numbers in [0, 1) fixed by a house id. */
function streamOf(seed: number): () => number {
  let state = mix32(seed ^ 0x5bd1e995)
  return () => {
    state = mix32(state + 0x9e3779b9)
    return state / 4294967296
  }
}

/** Household sizes for occupied houses: 1..5 people, about three on average (30,000 people in 11,000 houses). */
const SIZE_WEIGHTS = [0.1, 0.24, 0.31, 0.22, 0.13]

/** Makes the people of the given occupied houses, in house order. Numbers are unique across the whole call. */
export function generatePopulation(houseIds: readonly number[]): SyntheticResident[] {
  const perDate = new Map<string, number>()
  let phoneCounter = 0
  const people: SyntheticResident[] = []
  for (const houseId of houseIds) {
    const next = streamOf(houseId)
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!
    const surname = pick(SURNAMES)
    const size = sizeOf(next())
    const headAge = 28 + Math.floor(next() * 55)
    const headSex: 'male' | 'female' = next() < 0.7 ? 'male' : 'female'
    const members: { relation: Relation; age: number; sex: 'male' | 'female'; surname: string }[] = [
      { relation: 'head', age: headAge, sex: headSex, surname },
    ]
    if (size >= 2) {
      const spouseSex = headSex === 'male' ? 'female' : 'male'
      members.push({
        relation: 'spouse',
        age: clampAge(headAge - 3 + Math.floor(next() * 6)),
        sex: spouseSex,
        surname: pick(SURNAMES),
      })
    }
    for (let i = 2; i < size; i++) {
      if (i === 4 && headAge < 60) {
        members.push({
          relation: 'parent',
          age: clampAge(headAge + 24 + Math.floor(next() * 8)),
          sex: next() < 0.5 ? 'male' : 'female',
          surname,
        })
      } else if (i === 3 && headAge >= 62) {
        const age = Math.max(0, headAge - 50 - Math.floor(next() * 12))
        members.push({ relation: 'grandchild', age, sex: next() < 0.5 ? 'male' : 'female', surname })
      } else {
        const age = Math.max(0, headAge - 22 - Math.floor(next() * 12))
        members.push({ relation: 'child', age, sex: next() < 0.5 ? 'male' : 'female', surname })
      }
    }
    const hukouHere = next() < 0.75
    for (const m of members) {
      const birthDate = birthDateOf(m.age, next)
      const idNumber = nextIdNumber(birthDate, m.sex, perDate)
      const tags: string[] = []
      if (size === 1 && m.age >= 65) tags.push('独居老人')
      if (next() < 0.02) tags.push('残疾人')
      if (next() < 0.025 && m.relation === 'head') tags.push('低保')
      if (m.sex === 'male' && m.age >= 30 && next() < 0.04) tags.push('退役军人')
      let focusCategory: string | null = null
      if (m.age >= 18 && next() < 0.004) {
        tags.push('重点人员')
        focusCategory = pick(FOCUS_CATEGORIES)
      }
      const hasPhone = m.age >= 16 && next() < 0.92
      people.push({
        houseId,
        name:
          m.surname +
          pick(m.sex === 'male' ? MALE_CHARS : FEMALE_CHARS) +
          (next() < 0.6 ? pick(m.sex === 'male' ? MALE_CHARS : FEMALE_CHARS) : ''),
        idNumber,
        phone: hasPhone ? `1990${String(++phoneCounter).padStart(7, '0')}` : null,
        sex: m.sex,
        birthDate,
        hukouHere: m.relation === 'other' ? false : hukouHere,
        relation: m.relation,
        tags,
        focusCategory,
      })
    }
  }
  return people
}

function sizeOf(u: number): number {
  let acc = 0
  for (let i = 0; i < SIZE_WEIGHTS.length; i++) {
    acc += SIZE_WEIGHTS[i]!
    if (u < acc) return i + 1
  }
  return SIZE_WEIGHTS.length
}

const clampAge = (age: number) => Math.min(95, Math.max(18, age))

function birthDateOf(age: number, next: () => number): string {
  const year = REFERENCE_YEAR - 1 - age
  const month = 1 + Math.floor(next() * 12)
  const day = 1 + Math.floor(next() * 28)
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** 370799 + birth date + a sequence (odd for men, even for women) unique per date + the check character. */
function nextIdNumber(birthDate: string, sex: 'male' | 'female', perDate: Map<string, number>): string {
  const key = `${birthDate}${sex}`
  const n = perDate.get(key) ?? 0
  perDate.set(key, n + 1)
  if (n >= 500) throw new RangeError(`more than 500 synthetic people born on ${birthDate}`)
  const sequence = String(n * 2 + (sex === 'male' ? 1 : 0)).padStart(3, '0')
  const first17 = `${SYNTHETIC_DIVISION}${birthDate.replaceAll('-', '')}${sequence}`
  return first17 + idNumberCheckCharacter(first17)
}
