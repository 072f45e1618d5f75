/**
 * Case numbers read DY-YYYYMMDD-NNNN: the street's prefix (大虞), the report's Shanghai date, and that day's sequence
 * from the `case_number_counters` row the report statement takes (see report-incident.ts).
 */
export const CASE_PREFIX = 'DY'
