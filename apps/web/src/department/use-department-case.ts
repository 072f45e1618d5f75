import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { submitWorkerAction, type WorkerActionInput } from '../api/incident-reports.ts'
import { fetchCase } from './department-api.ts'

export const caseKey = (id: string) => ['incidents', 'detail', id] as const

/** One case of the department, read through the query cache (live events invalidate it with the lists). */
export function useDepartmentCase(id: string) {
  return useQuery({ queryKey: caseKey(id), queryFn: ({ signal }) => fetchCase(id, signal) })
}

/**
 * A handler's step on a case — accept, return, feedback: the same assignee steps (and multipart after-photos) the
 * worker's task page sends, but straight to the API, as a handler works online. `left` is true when the step took
 * the case out of what the department may read (a return answers 204).
 */
export function useCaseStep(
  id: string,
  onDone: (result: { left: boolean; action: WorkerActionInput['action'] }) => void,
) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: Omit<WorkerActionInput, 'incidentId'>) => submitWorkerAction({ ...input, incidentId: id }),
    onSuccess: async (detail, { action }) => {
      const left = detail === undefined
      if (left) queryClient.removeQueries({ queryKey: caseKey(id) })
      await queryClient.invalidateQueries({ queryKey: ['incidents'] })
      onDone({ left, action })
    },
  })
}
