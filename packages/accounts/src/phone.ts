/** A mainland China mobile number: 11 digits, 1 then 3–9. It is also the login name. */
export const MOBILE_PHONE_PATTERN = '^1[3-9][0-9]{9}$'
const MOBILE_PHONE = new RegExp(MOBILE_PHONE_PATTERN)

export function isMobilePhone(value: string): boolean {
  return MOBILE_PHONE.test(value)
}

/** Residents' and staff's numbers are personal data: lists show 138****1234. */
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : '*'.repeat(phone.length)
}
