import { fetchCategories, type CategoryGroup } from '../../api/incident-reports.ts'
import { useCachedLookup, type CachedLookup } from '../use-cached-lookup.ts'

/** The two-level category list, kept on the phone: a report made with no network still needs its category. */
export function useCategories(): CachedLookup<CategoryGroup[]> {
  return useCachedLookup('categories', (signal) => fetchCategories(signal))
}
