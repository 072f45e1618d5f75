/**
 * The six haves (六有) every service station must meet (DESIGN.md, "Stations and the six haves"), in the order the
 * street's audit sheet lists them. `maxDeduction` is the item's share of the 100-point score: the six add up to 100,
 * so a station that fails everything outright scores 0.
 */
export const SIX_HAVES = [
  { code: 'funding', name: '有工作经费', nameEn: 'Working funds', maxDeduction: 20 },
  { code: 'venue', name: '有活动场所', nameEn: 'Venue for activities', maxDeduction: 20 },
  { code: 'rules', name: '有规范制度', nameEn: 'Written rules and procedures', maxDeduction: 15 },
  { code: 'staffing', name: '有专人值守', nameEn: 'Dedicated person on duty', maxDeduction: 20 },
  { code: 'signage', name: '有醒目标识', nameEn: 'Prominent signage', maxDeduction: 10 },
  { code: 'commitment', name: '有服务承诺', nameEn: 'Public service commitment', maxDeduction: 15 },
] as const

export type SixHaveCode = (typeof SIX_HAVES)[number]['code']
export type SixHave = (typeof SIX_HAVES)[number]

export const SIX_HAVE_CODES: readonly SixHaveCode[] = SIX_HAVES.map((item) => item.code)

export function isSixHaveCode(value: unknown): value is SixHaveCode {
  return typeof value === 'string' && (SIX_HAVE_CODES as readonly string[]).includes(value)
}

export function sixHave(code: SixHaveCode): SixHave {
  return SIX_HAVES.find((item) => item.code === code)!
}
