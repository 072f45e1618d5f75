import type { ServiceAttribute } from './open311-format.ts'

// The words the Open311 server answers with: what each workflow state and step means to the public, and the
// attributes every service asks for. zh-CN first, as everything the street publishes.

/** A case's state as status_notes says it. */
export const STATE_NOTES: Record<string, string> = {
  reported: '已受理，等待立案',
  registered: '已立案，等待派遣',
  rejected: '经核实不予立案',
  dispatched: '已派遣至处置单位',
  in_progress: '处置中',
  handled: '已处置，等待核查',
  closed: '核查通过，已结案',
}

/** A step's status in the FixMyStreet servicerequestupdates extension (lower case, as its own examples send). */
export function updateStatusOf(toStatus: string): string {
  switch (toStatus) {
    case 'reported':
      return 'open'
    case 'registered':
      return 'investigating'
    case 'dispatched':
      return 'action_scheduled'
    case 'in_progress':
    case 'handled':
      return 'in_progress'
    case 'closed':
      return 'fixed'
    case 'rejected':
      return 'no_further_action'
    default:
      return 'open'
  }
}

/** What a step did, for the public: never its note, which may name people. */
export function updateDescriptionOf(action: string, toStatus: string): string {
  switch (action) {
    case 'report':
      return '事件已上报'
    case 'report_handled':
      return '事件已上报，并已现场处置'
    case 'register':
      return '已立案'
    case 'reject':
      return '经核实不予立案'
    case 'dispatch':
      return '已派遣至处置单位'
    case 'accept':
      return '处置单位已接收'
    case 'return':
      return '处置单位退回，等待重新派遣'
    case 'feedback':
      return '处置单位已反馈处置结果'
    case 'verify':
      return toStatus === 'closed' ? '核查通过，已结案' : '核查未通过，返工处置'
    case 'extend':
      return '处置期限已延长'
    default:
      return STATE_NOTES[toStatus] ?? '案件状态已更新'
  }
}

/** The attributes every service asks for (its service definition), in order. */
export const SERVICE_ATTRIBUTES: ServiceAttribute[] = [
  {
    variable: true,
    code: 'urgency',
    datatype: 'singlevaluelist',
    required: false,
    datatype_description: '从列表中选择一项 / choose one',
    order: 1,
    description: '紧急程度 / urgency',
    values: [
      { key: 'normal', name: '一般' },
      { key: 'urgent', name: '紧急' },
    ],
  },
  {
    variable: true,
    code: 'hazards',
    datatype: 'multivaluelist',
    required: false,
    datatype_description: '可多选 / choose any',
    order: 2,
    description: '造成的影响 / what it affects',
    values: [
      { key: 'traffic', name: '影响交通' },
      { key: 'safety', name: '存在安全隐患' },
      { key: 'environment', name: '影响环境卫生' },
    ],
  },
  {
    variable: true,
    code: 'landmark',
    datatype: 'string',
    required: false,
    datatype_description: '不超过 100 字 / at most 100 characters',
    order: 3,
    description: '附近的标志物（门牌、店铺）/ a landmark nearby',
    values: [],
  },
  {
    variable: true,
    code: 'observed_at',
    datatype: 'datetime',
    required: false,
    datatype_description: 'ISO 8601，如 2026-11-29T08:30:00+08:00 / ISO 8601',
    order: 4,
    description: '发现时间 / when it was seen',
    values: [],
  },
]
