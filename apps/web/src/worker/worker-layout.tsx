import { useEffect } from 'react'
import { Outlet } from 'react-router'
import { fetchCategories } from '../api/incident-reports.ts'
import { startOutbox } from '../outbox/outbox-runner.ts'
import { useCurrentUser } from '../session/current-user.tsx'
import { writeCache } from './local-cache.ts'
import { DutyProvider } from './duty/duty-context.tsx'
import './worker.css'

/**
 * Around every `/m` page: keeps the signed-in worker's outbox sending — at once when the app opens (what was made
 * offline or before the tab was closed), when the network returns, and at each retry time — and keeps the
 * category list on the phone; and holds the shift (on duty) so moving between pages does not end it.
 */
export function WorkerLayout() {
  const user = useCurrentUser()
  useEffect(() => startOutbox(user.id), [user.id])
  // The category list is what a report made with no network needs most: fetch it while the network is here.
  useEffect(() => {
    fetchCategories().then(
      (groups) => writeCache('categories', groups),
      () => undefined,
    )
  }, [])
  return (
    <DutyProvider>
      <Outlet />
    </DutyProvider>
  )
}
