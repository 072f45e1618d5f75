import type { Department, DepartmentRef } from './account-types.ts'
import { departmentsQuery } from './departments.ts'
import { useApiQuery, type ApiResource } from './use-api-query.ts'

/** GET /api/departments, or nothing while `enabled` is false (a page that does not need the list yet). */
export function useDepartments(enabled = true): ApiResource<Department[]> {
  return useApiQuery({ ...departmentsQuery, enabled }).resource
}

/** The department's name in the interface language; the Chinese name until the list with English names arrives. */
export function departmentName(
  department: DepartmentRef,
  list: ApiResource<Department[]>,
  language: string | undefined,
): string {
  if (language !== 'en' || list.status !== 'ready') return department.name
  return list.data.find((d) => d.id === department.id)?.nameEn ?? department.name
}
