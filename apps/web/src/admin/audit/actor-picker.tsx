import { useQuery } from '@tanstack/react-query'
import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { fetchUsers } from '../../api/users.ts'
import { roleName } from '../../i18n/role-name.ts'

export interface PickedActor {
  id: number
  name: string
}

interface ActorPickerProps {
  value: PickedActor | null
  onChange: (actor: PickedActor | null) => void
}

/** How many people the list offers at once: a name narrows it, nobody scrolls through the street's staff. */
const SHOWN = 8

/**
 * The log's person filter: a name typed, the matching people listed (name, role), one picked. The id travels in the
 * URL, the name beside it, so nobody needs to know a numeric id.
 */
export function ActorPicker({ value, onChange }: ActorPickerProps) {
  const { t } = useTranslation()
  const listId = useId()
  const [text, setText] = useState('')
  const [open, setOpen] = useState(false)
  const q = text.trim()
  const matches = useQuery({
    queryKey: ['audit-actor-search', q],
    queryFn: ({ signal }) => fetchUsers({ q }, null, signal),
    enabled: open && q.length > 0,
    staleTime: 60_000,
  })

  if (value) {
    return (
      <span className="actor-picked" data-testid="audit-actor">
        {value.name}
        <button
          type="button"
          className="link-button"
          aria-label={t('audit.actorPicker.clear')}
          onClick={() => onChange(null)}
        >
          ×
        </button>
      </span>
    )
  }
  const people = matches.data?.items.slice(0, SHOWN) ?? []
  return (
    <span className="actor-picker">
      <input
        role="combobox"
        aria-expanded={open && q.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        value={text}
        placeholder={t('audit.hints.actor')}
        maxLength={50}
        onChange={(event) => {
          setText(event.target.value)
          setOpen(true)
        }}
        onFocus={() => setOpen(true)}
        data-testid="audit-actor-search"
      />
      {open && q.length > 0 && (
        <ul className="actor-options" id={listId} role="listbox">
          {matches.isPending && <li className="muted">{t('audit.actorPicker.searching')}</li>}
          {matches.isSuccess && people.length === 0 && <li className="muted">{t('audit.actorPicker.none')}</li>}
          {people.map((user) => (
            <li key={user.id} role="option" aria-selected={false}>
              <button
                type="button"
                onClick={() => {
                  onChange({ id: user.id, name: user.name })
                  setText('')
                  setOpen(false)
                }}
              >
                {user.name} <span className="muted">{roleName(t, user.role)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </span>
  )
}
