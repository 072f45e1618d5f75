export * from './role.ts'
export * from './phone.ts'
export * from './password-policy.ts'
export * from './id-number.ts'
