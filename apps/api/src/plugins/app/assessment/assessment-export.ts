import type { AssessmentMonth, AssessmentSheetKind } from '@wangge/contract'
import { toXlsx, type ReportTable } from '../stations/report-table.ts'
import { INDICATORS, type Indicator } from './assessment-indicators.ts'

const SHEET_ZH: Record<AssessmentSheetKind, { title: string; subject: string }> = {
  worker: { title: '网格员考核', subject: '网格员' },
  department: { title: '责任单位考核', subject: '责任单位' },
  community: { title: '社区综合考核', subject: '社区' },
}

/** A figure as the sheet shows it: rates in per cent to one decimal, others as they are, no figure blank. */
function cell(indicator: Indicator, value: number | null | undefined): number | null {
  if (value === null || value === undefined) return null
  return indicator.unit === 'rate' ? Math.round(value * 1000) / 10 : value
}

/**
 * The month's assessment as the street files it upward: one sheet per kind (rank, subject, each indicator, score),
 * and for a closed month a sheet of the adjustments made after closing.
 */
export async function assessmentWorkbook(
  view: AssessmentMonth,
): Promise<{ body: Buffer; name: string; asciiName: string }> {
  const tables: ReportTable[] = (['worker', 'department', 'community'] as const).map((kind) => {
    const indicators = INDICATORS[kind]
    return {
      sheetName: SHEET_ZH[kind].title,
      columns: [
        { header: '排名', width: 8 },
        { header: SHEET_ZH[kind].subject, width: 22 },
        ...indicators.map((i) => ({ header: i.unit === 'rate' ? `${i.zh}(%)` : i.zh, width: 16 })),
        { header: '得分', width: 10 },
      ],
      rows: view.sheets[kind].map((r) => [
        r.rank,
        r.name,
        ...indicators.map((i) => cell(i, r.figures[i.key])),
        r.score,
      ]),
    }
  })
  if (view.closed)
    tables.push({
      sheetName: '封存后调整',
      columns: [
        { header: '考核表', width: 16 },
        { header: '对象', width: 22 },
        { header: '指标', width: 20 },
        { header: '封存时', width: 12 },
        { header: '现在', width: 12 },
      ],
      rows: view.adjustments.map((a) => {
        const indicator = INDICATORS[a.sheet].find((i) => i.key === a.indicator)
        return [
          SHEET_ZH[a.sheet].title,
          a.name,
          indicator ? indicator.zh : '得分',
          indicator ? cell(indicator, a.closed) : a.closed,
          indicator ? cell(indicator, a.now) : a.now,
        ]
      }),
    })
  return {
    body: await toXlsx(tables),
    name: `考核-${view.month}${view.closed ? '' : '-未封存'}.xlsx`,
    asciiName: `assessment-${view.month}.xlsx`,
  }
}
