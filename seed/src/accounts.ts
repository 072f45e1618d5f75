/** The reference street's departments after its reform (DESIGN.md): one integrated enforcement team and others. */
export const DEPARTMENTS = [
  { code: 'enforcement', name: '综合执法办公室', nameEn: 'Integrated Enforcement Office' },
  { code: 'livelihood', name: '民生保障服务中心', nameEn: 'Livelihood Services Centre' },
  { code: 'grid-centre', name: '网格化综合管理中心', nameEn: 'Grid Management Centre' },
  { code: 'culture', name: '市民文化教育活动中心', nameEn: 'Civic Culture and Education Centre' },
  { code: 'police', name: '派出所', nameEn: 'Police Station' },
  { code: 'market', name: '市场监管所', nameEn: 'Market Supervision Office' },
  { code: 'environment', name: '环保所', nameEn: 'Environmental Protection Office' },
] as const

/** The password of every demo account; listed in the README and printed at first start. Change it in production. */
export const DEMO_PASSWORD = 'Wangge@2026'

export interface DemoAccount {
  phone: string
  name: string
  role: 'worker' | 'supervisor' | 'handler' | 'manager' | 'admin'
  /** Grid codes of the scope; '*communities' means every level-1 grid. */
  grids: readonly string[] | '*communities'
  department: string | null
}

/** One account for every role, with the scopes the accounts issue names. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { phone: '13800000001', name: '王网格', role: 'worker', grids: ['370705002001001'], department: null },
  { phone: '13800000002', name: '李监督', role: 'supervisor', grids: ['370705002001'], department: null },
  { phone: '13800000003', name: '张值班长', role: 'supervisor', grids: '*communities', department: null },
  { phone: '13800000004', name: '赵执法', role: 'handler', grids: [], department: 'enforcement' },
  { phone: '13800000005', name: '刘主任', role: 'manager', grids: [], department: null },
  { phone: '13800000006', name: '陈管理员', role: 'admin', grids: [], department: null },
]
