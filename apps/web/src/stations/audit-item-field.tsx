import { sixHave, type SixHaveCode } from '@wangge/stations'
import { useTranslation } from 'react-i18next'

export interface ItemDraft {
  code: SixHaveCode
  passed: boolean
  deduction: string
  note: string
  rectifyBy: string
  photos: File[]
}

interface AuditItemFieldProps {
  item: ItemDraft
  onChange: (next: ItemDraft) => void
  /** Photos left for the whole audit (the server takes six). */
  photosLeft: number
}

/** One of the six items: pass or fail as two large buttons, then deduction, rectification date, note and photos. */
export function AuditItemField({ item, onChange, photosLeft }: AuditItemFieldProps) {
  const { t } = useTranslation()
  const max = sixHave(item.code).maxDeduction
  const name = t(`stations.items.${item.code}`)
  const id = (part: string) => `audit-${item.code}-${part}`
  return (
    <fieldset className={`audit-item ${item.passed ? 'passed' : 'failed'}`} data-item={item.code}>
      <legend>{name}</legend>
      <div className="verdict" role="radiogroup" aria-label={name}>
        <button type="button" role="radio" aria-checked={item.passed} className="verdict-pass" onClick={() => onChange({ ...item, passed: true, deduction: '0', rectifyBy: '' })}>
          {t('stations.audit.pass')}
        </button>
        <button type="button" role="radio" aria-checked={!item.passed} className="verdict-fail" onClick={() => onChange({ ...item, passed: false, deduction: item.passed ? '' : item.deduction })}>
          {t('stations.audit.fail')}
        </button>
      </div>
      {!item.passed && (
        <div className="audit-item-row">
          <label htmlFor={id('deduction')}>{t('stations.audit.deduction', { max })}</label>
          <input id={id('deduction')} type="number" inputMode="numeric" min={1} max={max} step={1} value={item.deduction} onChange={(e) => onChange({ ...item, deduction: e.target.value })} />
          <label htmlFor={id('rectify')}>{t('stations.audit.rectifyBy')}</label>
          <input id={id('rectify')} type="date" value={item.rectifyBy} onChange={(e) => onChange({ ...item, rectifyBy: e.target.value })} />
        </div>
      )}
      <label htmlFor={id('note')}>{t('stations.audit.note')}</label>
      <input id={id('note')} type="text" maxLength={500} value={item.note} onChange={(e) => onChange({ ...item, note: e.target.value })} />
      <label htmlFor={id('photos')}>{t('stations.audit.photos')}</label>
      <input
        id={id('photos')}
        type="file"
        accept="image/jpeg,image/png,image/webp"
        capture="environment"
        multiple
        disabled={photosLeft === 0}
        onChange={(e) => {
          const chosen = [...(e.target.files ?? [])].slice(0, photosLeft)
          e.target.value = ''
          onChange({ ...item, photos: [...item.photos, ...chosen] })
        }}
      />
      {item.photos.length > 0 && (
        <ul className="chosen-photos">
          {item.photos.map((photo, index) => (
            <li key={`${photo.name}-${index}`}>
              {photo.name}
              <button type="button" onClick={() => onChange({ ...item, photos: item.photos.filter((_, i) => i !== index) })}>
                {t('stations.audit.removePhoto')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  )
}
