/** A step of the import, for the command line to show on a large file (the API passes none). */
export type GridImportStep = 'stage' | 'validate' | 'derive' | 'clip' | 'snap' | 'check' | 'merge'

export type GridImportProgress = (event: { step: GridImportStep; done?: number; total?: number }) => void
