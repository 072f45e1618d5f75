import { createContext, useContext, useState, type ReactNode } from 'react'
import { useCurrentUser } from '../../session/current-user.tsx'
import { useDutySharing, type DutyState } from './use-duty-sharing.ts'

const key = (userId: number) => `wangge.onDuty.${userId}`

interface Duty {
  onDuty: boolean
  setOnDuty: (next: boolean) => void
  state: DutyState
}

const DutyContext = createContext<Duty | null>(null)

/**
 * The shift lives around every `/m` page, not in the switch on the home page: a worker on duty who opens the report
 * form or a task keeps sharing their position. The choice is remembered on the phone, so a reopened app resumes it.
 */
export function DutyProvider({ children }: { children: ReactNode }) {
  const user = useCurrentUser()
  const [onDuty, setOnDutyState] = useState(() => localStorage.getItem(key(user.id)) === '1')
  const state = useDutySharing(onDuty)
  const setOnDuty = (next: boolean) => {
    setOnDutyState(next)
    if (next) localStorage.setItem(key(user.id), '1')
    else localStorage.removeItem(key(user.id))
  }
  return <DutyContext.Provider value={{ onDuty, setOnDuty, state }}>{children}</DutyContext.Provider>
}

export function useDuty(): Duty {
  const duty = useContext(DutyContext)
  if (!duty) throw new Error('useDuty outside DutyProvider')
  return duty
}
