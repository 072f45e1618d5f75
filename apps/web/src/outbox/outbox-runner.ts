import { retryDelayMs } from './backoff.ts'
import { deleteOutboxItem, listOutboxItems, putOutboxItem, updateOutboxItem } from './outbox-db.ts'
import { newOutboxItem, type OutboxItem, type OutboxPayload } from './outbox-item.ts'
import { sendOutboxItem, type SendOutcome } from './send-outbox-item.ts'

/** Sent items stay listed this long (the worker sees their case numbers), then are forgotten. */
const KEEP_SENT_MS = 3 * 24 * 3600_000

type Listener = () => void
const listeners = new Set<Listener>()
// Runners of this tab, woken when something is queued here. Kept apart from the change listeners: if runners woke
// on every change, two open tabs would wake each other for ever through the channel.
const runners = new Set<Listener>()
const kick = () => runners.forEach((runner) => runner())
// Other tabs of the app share the database: they hear about changes through this channel.
const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('wangge-outbox')
channel?.addEventListener('message', () => emit(false))

function emit(broadcast = true): void {
  for (const listener of listeners) listener()
  if (broadcast) channel?.postMessage('changed')
}

/** Called whenever any item changes, in this tab or another; returns the unsubscribe function. */
export function onOutboxChange(listener: Listener): () => void {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}

/**
 * Keeps the signed-in user's outbox moving while the app is open: sends what is due now (on page open), again
 * when the browser says it is back online or the page becomes visible, and at each item's backoff time.
 * Returns the function that stops it (sign-out, another user).
 */
export function startOutbox(userId: number): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  let stopped = false

  const run = async () => {
    if (stopped) return
    const next = await flushOutbox(userId)
    // Several triggers may have waited on the same flush: keep one timer.
    clearTimeout(timer)
    if (!stopped && next !== null) timer = setTimeout(() => void run(), Math.max(1_000, next - Date.now()))
  }
  // retryOutboxNow wakes the runners itself.
  const online = () => void retryOutboxNow(userId)
  const visible = () => {
    if (document.visibilityState === 'visible') void run()
  }
  const queued = () => void run()

  window.addEventListener('online', online)
  document.addEventListener('visibilitychange', visible)
  runners.add(queued)
  void run()
  return () => {
    stopped = true
    clearTimeout(timer)
    window.removeEventListener('online', online)
    document.removeEventListener('visibilitychange', visible)
    runners.delete(queued)
  }
}

/** Stores a new submission on the phone first; sending it is the runner's job (and starts at once). */
export async function enqueue(userId: number, clientId: string, payload: OutboxPayload): Promise<OutboxItem> {
  const item = newOutboxItem(userId, clientId, payload)
  await putOutboxItem(item)
  emit()
  kick()
  return item
}

/** Makes every waiting item due now (back online, or the worker pressed "send now"). */
export async function retryOutboxNow(userId: number): Promise<void> {
  let changed = false
  for (const item of await listOutboxItems(userId)) {
    if (item.state === 'waiting' && item.nextAttemptAt > Date.now()) {
      await updateOutboxItem(item.clientId, (current) =>
        current.state === 'waiting' ? { ...current, nextAttemptAt: Date.now() } : null,
      )
      changed = true
    }
  }
  if (changed) emit()
  kick()
}

/** A refused submission the worker has read and let go of. */
export async function discardOutboxItem(clientId: string): Promise<void> {
  await deleteOutboxItem(clientId)
  emit()
}

let flushing: Promise<number | null> | null = null
let flushAgain = false

/**
 * Sends every due item of the user, oldest first, one at a time; returns when the next waiting item falls due
 * (null: nothing waits). Tabs take turns through a Web Lock, so an item is never sent by two tabs at once. A call
 * during a flush joins it, and the flush goes round once more: what was queued meanwhile is not left waiting.
 */
function flushOutbox(userId: number): Promise<number | null> {
  if (flushing) {
    flushAgain = true
    return flushing
  }
  flushing = (async () => {
    let next: number | null
    do {
      flushAgain = false
      next = await withOutboxLock(() => sendDue(userId))
    } while (flushAgain)
    return next
  })().finally(() => {
    flushing = null
  })
  return flushing
}

async function withOutboxLock<T>(work: () => Promise<T>): Promise<T> {
  if (typeof navigator !== 'undefined' && 'locks' in navigator)
    return await navigator.locks.request('wangge-outbox', work)
  return work()
}

async function sendDue(userId: number): Promise<number | null> {
  let tidied = false
  for (const item of await listOutboxItems(userId)) {
    // Holding the lock, nobody else is sending: a `sending` item is left over from a tab closed mid-request.
    if (item.state === 'sending') {
      await updateOutboxItem(item.clientId, (current) => ({ ...current, state: 'waiting', nextAttemptAt: Date.now() }))
      tidied = true
    }
    if (item.state === 'sent' && item.sentAt !== null && Date.now() - item.sentAt > KEEP_SENT_MS) {
      await deleteOutboxItem(item.clientId)
      tidied = true
    }
  }
  if (tidied) emit()
  if (typeof navigator !== 'undefined' && navigator.onLine === false) return nextDue(userId)
  // Steps on one case go in the order they were taken: a report-back must not overtake its accept still waiting.
  const heldCases = new Set<string>()
  for (const item of await listOutboxItems(userId)) {
    const caseId = item.payload.kind === 'action' ? item.payload.step.incidentId : null
    if (item.state !== 'waiting' || (caseId && heldCases.has(caseId))) continue
    if (item.nextAttemptAt > Date.now()) {
      if (caseId) heldCases.add(caseId)
      continue
    }
    const outcome = await sendOne(item)
    if (outcome.outcome === 'retry') {
      if (outcome.offline) break
      if (caseId) heldCases.add(caseId)
    }
  }
  return nextDue(userId)
}

/**
 * When the earliest waiting item falls due; null when nothing waits. Of a case's steps only the first counts: the
 * later ones wait for it, not for their own (past) time, which would wake the runner every second meanwhile.
 */
async function nextDue(userId: number): Promise<number | null> {
  const seenCases = new Set<string>()
  const due: number[] = []
  for (const item of await listOutboxItems(userId)) {
    if (item.state !== 'waiting') continue
    const caseId = item.payload.kind === 'action' ? item.payload.step.incidentId : null
    if (caseId && seenCases.has(caseId)) continue
    if (caseId) seenCases.add(caseId)
    due.push(item.nextAttemptAt)
  }
  return due.length ? Math.min(...due) : null
}

/** Sends one item and records the outcome. */
async function sendOne(item: OutboxItem): Promise<SendOutcome> {
  await updateOutboxItem(item.clientId, (current) => ({ ...current, state: 'sending' }))
  emit()
  const outcome = await sendOutboxItem(item)
  const now = Date.now()
  await updateOutboxItem(item.clientId, (current) => {
    switch (outcome.outcome) {
      case 'sent':
        return {
          ...current,
          state: 'sent',
          sentAt: now,
          result: outcome.result,
          lastError: null,
          payload: withoutPhotos(current.payload),
        }
      case 'refused':
        return {
          ...current,
          state: 'refused',
          refusal: { code: outcome.code, message: outcome.message },
          attempts: current.attempts + 1,
        }
      case 'retry': {
        const attempts = current.attempts + 1
        return {
          ...current,
          state: 'waiting',
          attempts,
          lastError: outcome.error,
          nextAttemptAt: now + retryDelayMs(attempts),
        }
      }
    }
  })
  emit()
  return outcome
}

function withoutPhotos(payload: OutboxPayload): OutboxPayload {
  if (payload.kind === 'visit') return { ...payload, visit: { ...payload.visit, photos: [] } }
  return payload.kind === 'report'
    ? { ...payload, report: { ...payload.report, photos: [] } }
    : { ...payload, step: { ...payload.step, photos: [] } }
}
