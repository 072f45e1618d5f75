/**
 * Case numbers read DY-YYYYMMDD-NNNN: the street's prefix (大虞), the report's Shanghai date, and that day's sequence
 * from `next_case_number` (migration 0010), which the filing statement calls (see report-filing.ts).
 */
export const CASE_PREFIX = 'DY'
