import { gridDetailQuery } from '../api/grids.ts'
import type { GridDetail } from '../api/types.ts'
import { useApiQuery, type ApiResource } from '../api/use-api-query.ts'

/** GET /api/grids/:id for the selected grid, or nothing while none is selected. */
export function useGridDetail(id: number | null): { resource: ApiResource<GridDetail>; retry: () => void } {
  // A disabled query never runs, so the fallback id is never requested.
  return useApiQuery({ ...gridDetailQuery(id ?? 0), enabled: id !== null })
}
