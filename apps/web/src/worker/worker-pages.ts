/**
 * Every `/m` page behind one import, so the router loads them as one chunk: on a phone network a round trip costs
 * more than the few KB the report and task pages add, and a dozen small chunks queue behind HTTP/1.1's six
 * connections (delaying /api/auth/me with them). Leaflet (the home map, the report's pin map) stays lazy.
 */
export { WorkerLayout } from './worker-layout.tsx'
export { WorkerHomePage } from './worker-home-page.tsx'
export { ReportPage } from './report/report-page.tsx'
export { TaskPage } from './tasks/task-page.tsx'
export { OutboxPage } from './outbox/outbox-page.tsx'
export { ReportsPage } from './reports/reports-page.tsx'
export { PatrolPage } from './patrol/patrol-page.tsx'
