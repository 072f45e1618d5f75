export { generateStreet, serializeStreet, STREET_GRID_COUNTS } from './street.ts'
export { STREET, type ReferenceStreet } from './reference-street.ts'
export { LATTICE_SPACING_METRES } from './lattice.ts'
export { DEPARTMENTS, DEMO_ACCOUNTS, DEMO_PASSWORD, type DemoAccount } from './accounts.ts'
