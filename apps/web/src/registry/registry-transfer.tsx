import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { errorMessage } from '../i18n/error-message.ts'
import { exportUrl, importRegister, templateUrl } from './registry-api.ts'

const REGISTERS = ['residents', 'houses', 'organisations'] as const

/** Templates, imports with their row-by-row report, and exports that need a reason (audited, named in the file). */
export function RegistryTransfer() {
  const { t } = useTranslation()
  const [register, setRegister] = useState<(typeof REGISTERS)[number]>('residents')
  const [reason, setReason] = useState('')
  const [report, setReport] = useState<Awaited<ReturnType<typeof importRegister>> | null>(null)
  const [error, setError] = useState<string | null>(null)
  return (
    <section aria-labelledby="registry-transfer" className="registry-transfer">
      <h2 id="registry-transfer">{t('registry.transfer.title')}</h2>
      <select
        value={register}
        onChange={(e) => setRegister(e.target.value as typeof register)}
        aria-label={t('registry.transfer.register')}
      >
        {REGISTERS.map((r) => (
          <option key={r} value={r}>
            {t(`registry.transfer.registers.${r}`)}
          </option>
        ))}
      </select>{' '}
      <a href={templateUrl(register)}>{t('registry.transfer.template')}</a>
      <label className="registry-file">
        {t('registry.transfer.import')}
        <input
          type="file"
          accept=".xlsx"
          onChange={(e) => {
            const file = e.target.files?.[0]
            if (!file) return
            setError(null)
            importRegister(register, file).then(setReport, (err: unknown) =>
              setError(errorMessage(t, err instanceof Error ? err : new Error(String(err)))),
            )
          }}
        />
      </label>
      {error && <p role="alert">{error}</p>}
      {report && (
        <div data-testid="import-report">
          <p>{t('registry.transfer.summary', report)}</p>
          <ul>
            {report.rows
              .filter((r) => r.outcome === 'refused')
              .slice(0, 50)
              .map((r) => (
                <li key={r.row}>
                  {t('registry.transfer.refusedRow', { row: r.row, column: r.column ?? '', reason: r.reason ?? '' })}
                </li>
              ))}
          </ul>
        </div>
      )}
      <label>
        {t('registry.transfer.reason')}
        <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} />
      </label>
      {reason.trim().length >= 4 ? (
        <a href={exportUrl(register, reason.trim())}>{t('registry.transfer.export')}</a>
      ) : (
        <span className="registry-muted">{t('registry.transfer.reasonNeeded')}</span>
      )}
    </section>
  )
}
