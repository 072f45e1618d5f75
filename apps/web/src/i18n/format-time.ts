/**
 * A timestamp as the street reads it: Asia/Shanghai whatever the device's zone, so a date on screen is the same
 * date as in the office's paper records. Formatters are cached per language (Intl construction is not cheap).
 */
const formatters = new Map<string, Intl.DateTimeFormat>()

export function formatTime(iso: string, language: string): string {
  let formatter = formatters.get(language)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(language, {
      timeZone: 'Asia/Shanghai',
      dateStyle: 'medium',
      timeStyle: 'medium',
      hourCycle: 'h23',
    })
    formatters.set(language, formatter)
  }
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : formatter.format(date)
}
