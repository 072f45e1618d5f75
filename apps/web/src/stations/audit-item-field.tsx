import { sixHave, type SixHaveCode } from '@wangge/stations'
import { useTranslation } from 'react-i18next'

export interface ItemDraft {
  code: SixHaveCode
  /** Null until the auditor chooses: an item nobody looked at must not pass by default. */
  passed: boolean | null
  deduction: string
  note: string
  rectifyBy: string
  photos: File[]
}

/** What is wrong with one item, shown inside its own box. */
export interface ItemProblems {
  verdict?: 'undecided'
  deduction?: 'required' | 'range'
}

/** The item's problems: a verdict to choose, a deduction of 1 to the item's maximum whole points when it fails. */
export function itemProblems(item: ItemDraft): ItemProblems {
  if (item.passed === null) return { verdict: 'undecided' }
  if (item.passed) return {}
  if (item.deduction.trim() === '') return { deduction: 'required' }
  const deduction = Number(item.deduction)
  return Number.isInteger(deduction) && deduction >= 1 && deduction <= sixHave(item.code).maxDeduction
    ? {}
    : { deduction: 'range' }
}

interface AuditItemFieldProps {
  item: ItemDraft
  onChange: (next: ItemDraft) => void
  /** Photos left for the whole audit (the server takes six). */
  photosLeft: number
  /** Shown once the auditor has tried to submit, so a fresh form is not red all over. */
  problems: ItemProblems
}

/**
 * One of the six items: pass or fail as two large buttons (neither chosen at first), then deduction, rectification
 * date, note and photos; its errors beside the field they are about.
 */
export function AuditItemField({ item, onChange, photosLeft, problems }: AuditItemFieldProps) {
  const { t } = useTranslation()
  const max = sixHave(item.code).maxDeduction
  const name = t(`stations.items.${item.code}`)
  const id = (part: string) => `audit-${item.code}-${part}`
  const verdictClass = item.passed === null ? 'undecided' : item.passed ? 'passed' : 'failed'
  return (
    <fieldset
      className={`audit-item ${verdictClass}`}
      data-item={item.code}
      aria-invalid={problems.verdict !== undefined}
    >
      <legend>{name}</legend>
      <div
        className="verdict"
        role="radiogroup"
        aria-label={name}
        aria-describedby={problems.verdict ? id('verdict-error') : undefined}
      >
        <button
          type="button"
          role="radio"
          aria-checked={item.passed === true}
          className="verdict-pass"
          onClick={() => onChange({ ...item, passed: true, deduction: '0', rectifyBy: '' })}
        >
          {t('stations.audit.pass')}
        </button>
        <button
          type="button"
          role="radio"
          aria-checked={item.passed === false}
          className="verdict-fail"
          onClick={() => onChange({ ...item, passed: false, deduction: item.passed === false ? item.deduction : '' })}
        >
          {t('stations.audit.fail')}
        </button>
      </div>
      {problems.verdict && (
        <p className="field-error" id={id('verdict-error')} role="alert">
          {t('stations.audit.verdictRequired')}
        </p>
      )}
      {item.passed === false && (
        <div className="audit-item-row">
          <label htmlFor={id('deduction')}>{t('stations.audit.deduction', { max })}</label>
          <input
            id={id('deduction')}
            type="number"
            inputMode="numeric"
            min={1}
            max={max}
            step={1}
            value={item.deduction}
            aria-invalid={problems.deduction !== undefined}
            aria-describedby={problems.deduction ? id('deduction-error') : undefined}
            onChange={(e) => onChange({ ...item, deduction: e.target.value })}
          />
          {problems.deduction && (
            <p className="field-error" id={id('deduction-error')} role="alert">
              {problems.deduction === 'required'
                ? t('stations.audit.deductionRequired')
                : t('stations.audit.deductionRange', { max })}
            </p>
          )}
          <label htmlFor={id('rectify')}>{t('stations.audit.rectifyBy')}</label>
          <input
            id={id('rectify')}
            type="date"
            value={item.rectifyBy}
            onChange={(e) => onChange({ ...item, rectifyBy: e.target.value })}
          />
        </div>
      )}
      <label htmlFor={id('note')}>{t('stations.audit.note')}</label>
      <input
        id={id('note')}
        type="text"
        maxLength={500}
        value={item.note}
        onChange={(e) => onChange({ ...item, note: e.target.value })}
      />
      <span className="audit-photos-label">{t('stations.audit.photos')}</span>
      {/* The worker's photo picker look: a large button, the file input itself hidden behind its label. */}
      <label className={photosLeft === 0 ? 'audit-photo-button disabled' : 'audit-photo-button'} htmlFor={id('photos')}>
        {t('stations.audit.takePhoto')}
      </label>
      <input
        id={id('photos')}
        type="file"
        accept="image/jpeg,image/png,image/webp"
        capture="environment"
        multiple
        hidden
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
              <button
                type="button"
                onClick={() => onChange({ ...item, photos: item.photos.filter((_, i) => i !== index) })}
              >
                {t('stations.audit.removePhoto')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  )
}
