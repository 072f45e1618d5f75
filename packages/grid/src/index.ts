export * from './grid-level.ts'
export * from './grid-code.ts'
export * from './grid-feature.ts'
export * from './grid-tree-problems.ts'
