import type { CalendarDay } from './working-calendar.ts'

/** Where CHINA_2026 comes from; shown to admins next to the seeded rows. */
export const CHINA_2026_SOURCE = '国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）'

const off = (date: string, note: string): CalendarDay => ({ date, working: false, note })
const makeUp = (date: string, note: string): CalendarDay => ({ date, working: true, note })

/**
 * The 2026 public holidays and make-up working days of the State Council notice. Every day of each holiday is
 * listed (weekend days too, so the admin sees the whole holiday); make-up days are the working weekends (调休上班).
 * 2027 is not included: its notice is published in late 2026, and dates are not guessed.
 */
export const CHINA_2026: readonly CalendarDay[] = [
  // 元旦：1月1日（周四）至3日（周六）放假调休，共3天；1月4日（周日）上班
  off('2026-01-01', '元旦'),
  off('2026-01-02', '元旦'),
  off('2026-01-03', '元旦'),
  makeUp('2026-01-04', '元旦调休上班'),
  // 春节：2月15日（腊月二十八）至23日（正月初七）放假调休，共9天；2月14日（周六）、2月28日（周六）上班
  makeUp('2026-02-14', '春节调休上班'),
  off('2026-02-15', '春节'),
  off('2026-02-16', '春节'),
  off('2026-02-17', '春节'),
  off('2026-02-18', '春节'),
  off('2026-02-19', '春节'),
  off('2026-02-20', '春节'),
  off('2026-02-21', '春节'),
  off('2026-02-22', '春节'),
  off('2026-02-23', '春节'),
  makeUp('2026-02-28', '春节调休上班'),
  // 清明节：4月4日（周六）至6日（周一）放假，共3天
  off('2026-04-04', '清明节'),
  off('2026-04-05', '清明节'),
  off('2026-04-06', '清明节'),
  // 劳动节：5月1日（周五）至5日（周二）放假调休，共5天；5月9日（周六）上班
  off('2026-05-01', '劳动节'),
  off('2026-05-02', '劳动节'),
  off('2026-05-03', '劳动节'),
  off('2026-05-04', '劳动节'),
  off('2026-05-05', '劳动节'),
  makeUp('2026-05-09', '劳动节调休上班'),
  // 端午节：6月19日（周五）至21日（周日）放假，共3天
  off('2026-06-19', '端午节'),
  off('2026-06-20', '端午节'),
  off('2026-06-21', '端午节'),
  // 中秋节：9月25日（周五）至27日（周日）放假，共3天
  off('2026-09-25', '中秋节'),
  off('2026-09-26', '中秋节'),
  off('2026-09-27', '中秋节'),
  // 国庆节：10月1日（周四）至7日（周三）放假调休，共7天；9月20日（周日）、10月10日（周六）上班
  makeUp('2026-09-20', '国庆节调休上班'),
  off('2026-10-01', '国庆节'),
  off('2026-10-02', '国庆节'),
  off('2026-10-03', '国庆节'),
  off('2026-10-04', '国庆节'),
  off('2026-10-05', '国庆节'),
  off('2026-10-06', '国庆节'),
  off('2026-10-07', '国庆节'),
  makeUp('2026-10-10', '国庆节调休上班'),
]
