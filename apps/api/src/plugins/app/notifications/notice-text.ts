import type { NotificationKind, NotificationPayload } from '@wangge/contract'

const TITLES: Record<NotificationKind, string> = {
  'task.assigned': '新任务',
  'task.rework': '核查未通过，请返工',
  'case.returned': '案卷被退回',
  'ladder.yellow': '黄牌提醒：处置时限将到',
  'ladder.red': '红牌警告：已超处置时限',
  'ladder.escalated': '超时升级督办',
  'case.urged': '催办',
  'case.supervised': '督办',
  'report.waiting': '上报待立案',
}

/** A push notification's words (zh-CN: a phone's lock screen has no language switch of ours). */
export function pushTextOf(kind: NotificationKind, payload: NotificationPayload): { title: string; body: string } {
  const parts = [payload.caseNumber, payload.category, payload.note].filter((p): p is string => Boolean(p))
  return { title: TITLES[kind], body: parts.join(' · ') }
}
