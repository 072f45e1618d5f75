/* Web Push in the PWA's service worker (imported by the one vite-plugin-pwa generates, see vite.config.ts).
 * A push carries { id, kind, title, body, incidentId }: shown as a system notification tagged with the notice's id,
 * so a notice pushed twice (a retry after a failure the server could not tell from a loss) replaces itself and is
 * shown once. A click opens or focuses the app on the notice's case. */
self.addEventListener('push', (event) => {
  let notice = {}
  try {
    notice = event.data ? event.data.json() : {}
  } catch {
    notice = { title: '网格', body: event.data ? event.data.text() : '' }
  }
  const tag = notice.id ? `notice-${notice.id}` : undefined
  event.waitUntil(
    (async () => {
      if (tag) {
        const shown = await self.registration.getNotifications({ tag })
        if (shown.length > 0) return
      }
      await self.registration.showNotification(notice.title || '网格', {
        body: notice.body || '',
        tag,
        icon: '/icon-192.png',
        badge: '/icon-192.png',
        lang: 'zh-CN',
        data: { id: notice.id, incidentId: notice.incidentId || null },
      })
      const clients = await self.clients.matchAll({ type: 'window', includeUncontrolled: true })
      for (const client of clients) client.postMessage({ type: 'push', notice })
    })(),
  )
})

self.addEventListener('notificationclick', (event) => {
  event.notification.close()
  // The app's home sends each role to its own page, where the bell lists the notice.
  const url = '/'
  event.waitUntil(
    (async () => {
      const clients = await self.clients.matchAll({ type: 'window', includeUncontrolled: true })
      const open = clients.find((c) => 'focus' in c)
      if (open) return open.focus()
      return self.clients.openWindow(url)
    })(),
  )
})
