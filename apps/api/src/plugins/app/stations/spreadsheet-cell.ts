/** What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection"), tab and carriage return included. */
const FORMULA_LEAD = /^[=+\-@\t\r]/

/**
 * A cell as every export writes it: text that a spreadsheet would run as a formula (a station named
 * `=HYPERLINK(…)` opens a link, `=cmd|…` once ran programs) gets a leading `'`, which Excel and WPS read as "this is
 * text". Numbers stay numbers: -5 written as a number is a value, never a formula.
 */
export function neutralizeFormula<T extends string | number | null>(value: T): T | string {
  return typeof value === 'string' && FORMULA_LEAD.test(value) ? `'${value}` : value
}
