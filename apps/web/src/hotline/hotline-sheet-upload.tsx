import { useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { errorMessage } from '../i18n/error-message.ts'
import { importOrderSheet, type HotlineImportReport } from './hotline-api.ts'

/** The template's columns, as the API reads them (hotline-sheet.ts); shown so the clerk fills the right sheet. */
const COLUMNS =
  '工单号、来电人、联系电话、来电时间、诉求内容、事件小类、经度、纬度、地址、签收时限（工作小时）、办结时限（工作日）'

/** Upload an XLSX of work orders and read back, row by row, what was taken and why any row was refused. */
export function HotlineSheetUpload() {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const [report, setReport] = useState<HotlineImportReport | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [sending, setSending] = useState(false)
  const [fileName, setFileName] = useState<string | null>(null)

  async function upload(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const file = new FormData(event.currentTarget).get('file')
    if (!(file instanceof File) || file.size === 0) {
      setError(t('hotline.upload.pick'))
      return
    }
    setSending(true)
    setError(null)
    setReport(null)
    try {
      setReport(await importOrderSheet(file))
      await queryClient.invalidateQueries({ queryKey: ['hotline'] })
    } catch (failure) {
      setError(failure instanceof Error ? errorMessage(t, failure) : String(failure))
    } finally {
      setSending(false)
    }
  }

  const created = report?.taken.filter((row) => row.created).length ?? 0
  return (
    <section className="case-card hotline-upload" data-testid="hotline-upload">
      <h2>{t('hotline.upload.title')}</h2>
      <p className="desk-hint">{t('hotline.upload.columns', { columns: COLUMNS })}</p>
      <form onSubmit={(event) => void upload(event)}>
        {/* The browser's own file button speaks the browser's language; this one speaks the page's. */}
        <label className="hotline-file-pick">
          <input
            type="file"
            name="file"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            data-testid="hotline-file"
            onChange={(event) => setFileName(event.currentTarget.files?.[0]?.name ?? null)}
          />
          {t('hotline.upload.choose')}
        </label>
        <span className="desk-hint" data-testid="hotline-file-name">
          {fileName ?? t('hotline.upload.noFile')}
        </span>
        <button type="submit" disabled={sending} data-testid="hotline-upload-submit">
          {sending ? t('hotline.upload.sending') : t('hotline.upload.submit')}
        </button>
      </form>
      {error && <p role="alert">{error}</p>}
      {report && (
        <div className="hotline-report" data-testid="hotline-report">
          <p role="status" data-testid="hotline-report-summary">
            {t('hotline.upload.summary', {
              rows: report.rows,
              taken: report.taken.length,
              created,
              refused: new Set(report.refused.map((r) => r.row)).size,
            })}
          </p>
          {report.refused.length > 0 && (
            <table className="desk-table" data-testid="hotline-refused">
              <caption>{t('hotline.upload.refused')}</caption>
              <thead>
                <tr>
                  <th>{t('hotline.upload.row')}</th>
                  <th>{t('hotline.upload.column')}</th>
                  <th>{t('hotline.upload.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {report.refused.map((r, i) => (
                  <tr key={i} data-testid="hotline-refused-row" data-row={r.row}>
                    <td>{t('hotline.upload.rowNumber', { row: r.row })}</td>
                    <td>{r.column || '—'}</td>
                    <td>{r.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {report.taken.length > 0 && (
            <table className="desk-table" data-testid="hotline-taken">
              <caption>{t('hotline.upload.taken')}</caption>
              <thead>
                <tr>
                  <th>{t('hotline.upload.row')}</th>
                  <th>{t('hotline.column.orderNumber')}</th>
                  <th>{t('hotline.column.case')}</th>
                  <th>{t('hotline.column.status')}</th>
                </tr>
              </thead>
              <tbody>
                {report.taken.map((r) => (
                  <tr key={r.row} data-testid="hotline-taken-row" data-row={r.row}>
                    <td>{t('hotline.upload.rowNumber', { row: r.row })}</td>
                    <td>{r.orderNumber}</td>
                    <td>{r.caseNumber}</td>
                    <td>{r.created ? t('hotline.upload.created') : t('hotline.upload.existing')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  )
}
