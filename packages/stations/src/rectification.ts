import type { AuditItem } from './audit-items.ts'
import type { SixHaveCode } from './six-haves.ts'

export interface RectificationPlan {
  /** Open tasks this audit closes: their item passes now. */
  close: SixHaveCode[]
  /** Tasks this audit opens: failed items given a rectification date with no task open for them yet. */
  open: { code: SixHaveCode; dueOn: string }[]
}

/**
 * What an audit does to a station's rectification tasks (整改). A passing item closes the task open for it; a failed
 * item with a date opens one, unless one is open already — the first deadline stands until the item passes, so a
 * repeated failure cannot quietly push it back.
 */
export function planRectifications(
  openItems: ReadonlySet<SixHaveCode>,
  items: readonly AuditItem[],
): RectificationPlan {
  return {
    close: items.filter((item) => item.passed && openItems.has(item.code)).map((item) => item.code),
    open: items
      .filter((item) => !item.passed && item.rectifyBy !== null && !openItems.has(item.code))
      .map((item) => ({ code: item.code, dueOn: item.rectifyBy! })),
  }
}
