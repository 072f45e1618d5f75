import { fetchGridDetail } from '../api/grids.ts'
import type { GridDetail } from '../api/types.ts'
import { useApiResource, type ApiResource } from '../api/use-api-resource.ts'

/** GET /api/grids/:id for the selected grid; switching grids aborts the previous request. */
export function useGridDetail(id: number | null): { resource: ApiResource<GridDetail>; retry: () => void } {
  // A null key never calls the loader, so the fallback id is never requested.
  return useApiResource(id === null ? null : `grid:${id}`, (signal) => fetchGridDetail(id ?? 0, signal))
}
