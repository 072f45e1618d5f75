export * from './role.ts'
export * from './phone.ts'
