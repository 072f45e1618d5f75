import type { Messages } from './zh-CN.ts'

export const en: Messages = {
  app: {
    title: '网格 Wangge',
  },
  nav: {
    label: 'Main navigation',
    map: 'Grid map',
  },
  language: {
    label: 'Interface language',
  },
  common: {
    retry: 'Retry',
    close: 'Close',
    loading: 'Loading…',
  },
  config: {
    loading: 'Connecting to the server…',
    error: 'Could not load the system configuration.',
  },
  errors: {
    NETWORK_ERROR: 'Network error. Check the connection and try again.',
    NOT_FOUND: 'The requested item does not exist.',
    UNAVAILABLE: 'The server is unavailable. Try again shortly.',
    generic: 'Something went wrong ({{code}}).',
  },
  level: {
    community: 'Community',
    area: 'Area',
    unit: 'Unit grid',
  },
  levelRank: {
    community: 'Level 1',
    area: 'Level 2',
    unit: 'Level 3',
  },
  map: {
    label: 'Grid map',
    loadingGrids: 'Loading grids…',
    gridsError: 'Could not load grids',
    showing: 'Showing: {{level}} · {{count}}',
  },
  panel: {
    label: 'Grid details',
    code: 'Code',
    level: 'Level',
    area: 'Area',
    children: 'Child grids',
    childrenNone: 'None',
    chain: 'Hierarchy',
    current: 'This grid',
  },
  area: {
    km2: '{{value}} km²',
    m2: '{{value}} m²',
  },
  notFound: {
    title: 'Page not found',
    back: 'Back to the grid map',
  },
}
