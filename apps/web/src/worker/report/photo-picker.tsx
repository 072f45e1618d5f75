import { useEffect, useId, useMemo, useState, type ChangeEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { downscalePhoto } from '../../photos/downscale-photo.ts'

/** The server takes up to six photos per report or feedback. */
export const MAX_PHOTOS = 6

interface PhotoPickerProps {
  photos: Blob[]
  onChange: (photos: Blob[]) => void
  /** Busy while photos are being shrunk, so the form does not submit without them. */
  onBusy: (busy: boolean) => void
  label: string
}

/**
 * Take a photo with the camera (`capture`) or pick from the gallery; each is downscaled on the phone at once and
 * shown as a thumbnail that can be removed.
 */
export function PhotoPicker({ photos, onChange, onBusy, label }: PhotoPickerProps) {
  const { t } = useTranslation()
  const id = useId()
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const urls = useMemo(() => photos.map((photo) => URL.createObjectURL(photo)), [photos])
  useEffect(() => () => urls.forEach((url) => URL.revokeObjectURL(url)), [urls])

  const add = async (event: ChangeEvent<HTMLInputElement>) => {
    const files = [...(event.target.files ?? [])].slice(0, MAX_PHOTOS - photos.length)
    event.target.value = ''
    if (files.length === 0) return
    setBusy(true)
    onBusy(true)
    setError(null)
    try {
      const shrunk = await Promise.all(files.map((file) => downscalePhoto(file)))
      onChange([...photos, ...shrunk])
    } catch {
      setError(t('worker.photos.unreadable'))
    } finally {
      setBusy(false)
      onBusy(false)
    }
  }

  const full = photos.length >= MAX_PHOTOS
  return (
    <fieldset className="photo-picker">
      <legend>{label}</legend>
      <div className="photo-buttons">
        <label
          className={full || busy ? 'photo-button disabled' : 'photo-button'}
          htmlFor={`${id}-camera`}
          data-testid="photo-camera"
        >
          {t('worker.photos.take')}
        </label>
        <input
          id={`${id}-camera`}
          type="file"
          accept="image/*"
          capture="environment"
          hidden
          disabled={full || busy}
          onChange={(e) => void add(e)}
        />
        <label
          className={full || busy ? 'photo-button secondary disabled' : 'photo-button secondary'}
          htmlFor={`${id}-gallery`}
        >
          {t('worker.photos.choose')}
        </label>
        <input
          id={`${id}-gallery`}
          type="file"
          accept="image/jpeg,image/png,image/webp"
          multiple
          hidden
          disabled={full || busy}
          onChange={(e) => void add(e)}
        />
      </div>
      {busy && (
        <p className="worker-note" role="status">
          {t('worker.photos.processing')}
        </p>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {photos.length > 0 && (
        <ul className="photo-thumbs" data-testid="photo-thumbs">
          {urls.map((url, i) => (
            <li key={url}>
              <img src={url} alt={t('worker.photos.alt', { n: i + 1 })} />
              <button
                type="button"
                aria-label={t('worker.photos.remove', { n: i + 1 })}
                onClick={() => onChange(photos.filter((_, j) => j !== i))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  )
}
