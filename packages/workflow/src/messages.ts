import type { Role } from '@wangge/accounts'
import type { IncidentAction } from './incident-action.ts'
import type { IncidentState } from './incident-state.ts'

// Refusal messages go to API clients as "中文 / English"; the web's own labels live in its i18n catalogue.

const STATE_ZH: { readonly [S in IncidentState]: string } = {
  reported: '已上报',
  registered: '已立案',
  rejected: '不予立案',
  dispatched: '已派遣',
  in_progress: '处置中',
  handled: '已处置',
  closed: '已结案',
}

const ACTION_ZH: { readonly [A in IncidentAction]: string } = {
  register: '立案',
  reject: '不予立案',
  dispatch: '派遣',
  accept: '接收',
  return: '退回',
  feedback: '反馈处置结果',
  verify: '核查',
  extend: '延期',
}

const ACTION_EN: { readonly [A in IncidentAction]: string } = {
  register: 'register',
  reject: 'reject',
  dispatch: 'dispatch',
  accept: 'accept',
  return: 'return',
  feedback: 'report back on',
  verify: 'verify',
  extend: 'extend',
}

const ROLE_ZH: { readonly [R in Role]: string } = {
  worker: '网格员',
  supervisor: '监督指挥员',
  handler: '部门处置人员',
  manager: '街道管理者',
  admin: '系统管理员',
}

export function illegalTransitionMessage(state: IncidentState, action: IncidentAction): string {
  return `「${STATE_ZH[state]}」的事件不能${ACTION_ZH[action]} / Cannot ${ACTION_EN[action]} an incident that is ${state}`
}

export function wrongRoleMessage(action: IncidentAction, roles: readonly Role[]): string {
  const zh = roles.map((role) => ROLE_ZH[role]).join('或')
  const en = roles.join(' or ')
  return `只有${zh}可以${ACTION_ZH[action]} / Only a ${en} may ${ACTION_EN[action]} this incident`
}

export function notAssigneeMessage(action: IncidentAction): string {
  return (
    `只有被派遣的网格员或责任部门的处置人员可以${ACTION_ZH[action]} / ` +
    `Only the assigned worker or a handler of the assigned department may ${ACTION_EN[action]} this incident`
  )
}

export const INPUT_MESSAGES = {
  reasonRequired: '请填写原因 / A reason is required',
  noteRequired: '请填写处置说明 / A note is required',
  targetRequired: '请选择派遣对象（人员或部门） / Dispatch needs a user or a department',
  targetInvalid: '派遣对象编号无效 / The user or department id is not valid',
  verdictRequired: '请说明核查是否通过 / Say whether the verification passed',
  failedVerdictNoteRequired: '核查不通过时请说明原因 / A failed verification needs a note',
  dueInvalid: '期限不是有效时间 / The due time is not a valid time',
  dueNotFuture: '新的期限必须晚于当前时间 / The new due time must be in the future',
  dueNotLater: '新的期限必须晚于原期限 / The new due time must be later than the current one',
  dueTooFar: '延期最多到原期限之后一年 / An extension may go at most a year past the current due time',
  noAssignee: '事件没有处置对象，不能派遣或返工 / The incident has no assignee to dispatch it or send it back to',
} as const

/** Which input rule a step broke: a key of INPUT_MESSAGES (the API gives some of them their own error code). */
export type InputProblem = Exclude<keyof typeof INPUT_MESSAGES, 'noAssignee'>
