import type { NotificationItem } from '@wangge/contract'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { formatTime } from '../i18n/format-time.ts'
import { useCurrentUser } from '../session/current-user.tsx'
import { caseLinkFor } from './notice-link.ts'
import { NotificationSettingsForm } from './notification-settings.tsx'
import { PushToggle } from './push-toggle.tsx'
import { useNotifications } from './use-notifications.ts'
import './notifications.css'

/** The notification centre in the header: a bell with the unread count, opening the list, push and mute settings. */
export function NotificationBell() {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  const [showSettings, setShowSettings] = useState(false)
  const { items, unread, markRead, query } = useNotifications()
  const panel = useRef<HTMLDivElement>(null)

  useEffect(() => {
    if (!open) return
    const close = (event: MouseEvent) => {
      if (panel.current && !panel.current.contains(event.target as Node)) setOpen(false)
    }
    document.addEventListener('mousedown', close)
    return () => document.removeEventListener('mousedown', close)
  }, [open])

  return (
    <div className="notification-bell" ref={panel}>
      <button
        type="button"
        className="bell-button"
        aria-expanded={open}
        aria-label={t('notifications.bell', { count: unread })}
        data-testid="notification-bell"
        onClick={() => setOpen(!open)}
      >
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
          />
        </svg>
        {unread > 0 && (
          <span className="bell-count" data-testid="notification-unread">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <div className="notification-panel" role="dialog" aria-label={t('notifications.title')}>
          <div className="notification-panel-head">
            <strong>{t('notifications.title')}</strong>
            <button type="button" onClick={() => void markRead('all')} disabled={unread === 0}>
              {t('notifications.markAllRead')}
            </button>
            <button type="button" onClick={() => setShowSettings(!showSettings)} aria-expanded={showSettings}>
              {t('notifications.settingsButton')}
            </button>
          </div>
          {showSettings && (
            <div className="notification-settings-block">
              <PushToggle />
              <NotificationSettingsForm />
            </div>
          )}
          {query.isError && <p role="alert">{t('notifications.loadFailed')}</p>}
          {items.length === 0 && query.isSuccess && <p className="notification-empty">{t('notifications.empty')}</p>}
          <ul className="notification-list" data-testid="notification-list">
            {items.map((notice) => (
              <NoticeRow
                key={notice.id}
                notice={notice}
                onOpen={() => void markRead([notice.id]).then(() => setOpen(false))}
              />
            ))}
          </ul>
          {query.hasNextPage && (
            <button type="button" className="notification-more" onClick={() => void query.fetchNextPage()}>
              {t('notifications.more')}
            </button>
          )}
        </div>
      )}
    </div>
  )
}

function NoticeRow({ notice, onOpen }: { notice: NotificationItem; onOpen: () => void }) {
  const { t, i18n } = useTranslation()
  const user = useCurrentUser()
  const link = caseLinkFor(user.role, notice.payload.incidentId)
  const body = (
    <>
      <span className={`notice-kind notice-${notice.kind.replace('.', '-')}`}>
        {t(`notifications.kind.${notice.kind}`)}
      </span>
      <span className="notice-case">
        {[notice.payload.caseNumber, notice.payload.category].filter(Boolean).join(' · ')}
      </span>
      {notice.payload.note && <span className="notice-note">{notice.payload.note}</span>}
      <time className="notice-time" dateTime={notice.createdAt}>
        {formatTime(notice.createdAt, i18n.language)}
      </time>
    </>
  )
  return (
    <li className={notice.read ? 'notice' : 'notice notice-unread'} data-notice-id={notice.id}>
      {link ? (
        <Link to={link} onClick={onOpen}>
          {body}
        </Link>
      ) : (
        body
      )}
    </li>
  )
}
