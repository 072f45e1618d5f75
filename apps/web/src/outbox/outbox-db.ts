import { openDB, type DBSchema, type IDBPDatabase } from 'idb'
import type { OutboxItem } from './outbox-item.ts'

interface OutboxSchema extends DBSchema {
  items: { key: string; value: OutboxItem; indexes: { byUser: number } }
}

const DB_NAME = 'wangge-outbox'

let opened: Promise<IDBPDatabase<OutboxSchema>> | null = null

/** IndexedDB, not localStorage: it keeps photos as Blobs and survives the tab, the browser and the phone restarting. */
function database(): Promise<IDBPDatabase<OutboxSchema>> {
  opened ??= openDB<OutboxSchema>(DB_NAME, 1, {
    upgrade(db) {
      const items = db.createObjectStore('items', { keyPath: 'clientId' })
      items.createIndex('byUser', 'userId')
    },
  })
  return opened
}

export async function putOutboxItem(item: OutboxItem): Promise<void> {
  await (await database()).put('items', item)
}

/** A user's items, oldest first: the order they were made in is the order they are sent in. */
export async function listOutboxItems(userId: number): Promise<OutboxItem[]> {
  const items = await (await database()).getAllFromIndex('items', 'byUser', userId)
  return items.sort((a, b) => a.createdAt - b.createdAt)
}

/**
 * Changes one item inside a single readwrite transaction, so two tabs cannot interleave a read and a write.
 * `change` returns the new item, or null to leave it alone; the stored result is returned.
 */
export async function updateOutboxItem(
  clientId: string,
  change: (item: OutboxItem) => OutboxItem | null,
): Promise<OutboxItem | undefined> {
  const tx = (await database()).transaction('items', 'readwrite')
  const current = await tx.store.get(clientId)
  const next = current ? change(current) : null
  if (next) await tx.store.put(next)
  await tx.done
  return next ?? current
}

export async function deleteOutboxItem(clientId: string): Promise<void> {
  await (await database()).delete('items', clientId)
}
