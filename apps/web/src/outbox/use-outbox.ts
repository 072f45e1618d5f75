import { useEffect, useState } from 'react'
import { listOutboxItems } from './outbox-db.ts'
import type { OutboxItem } from './outbox-item.ts'
import { onOutboxChange } from './outbox-runner.ts'

/** The user's outbox as it stands, re-read whenever any item changes (in this tab or another). */
export function useOutboxItems(userId: number): OutboxItem[] | null {
  const [items, setItems] = useState<OutboxItem[] | null>(null)
  useEffect(() => {
    let current = true
    const load = () =>
      void listOutboxItems(userId).then((list) => {
        if (current) setItems(list)
      })
    load()
    const unsubscribe = onOutboxChange(load)
    return () => {
      current = false
      unsubscribe()
    }
  }, [userId])
  return items
}
