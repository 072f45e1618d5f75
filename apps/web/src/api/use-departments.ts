import type { Department, DepartmentRef } from './account-types.ts'
import { fetchDepartments } from './departments.ts'
import { useApiResource, type ApiResource } from './use-api-resource.ts'

/** GET /api/departments, or nothing while `enabled` is false (a page that does not need the list yet). */
export function useDepartments(enabled = true): ApiResource<Department[]> {
  return useApiResource(enabled ? 'departments' : null, fetchDepartments).resource
}

/** The department's name in the interface language; the Chinese name until the list with English names arrives. */
export function departmentName(department: DepartmentRef, list: ApiResource<Department[]>, language: string | undefined): string {
  if (language !== 'en' || list.status !== 'ready') return department.name
  return list.data.find((d) => d.id === department.id)?.nameEn ?? department.name
}
