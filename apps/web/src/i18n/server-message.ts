/**
 * The API writes its messages as "中文 / English" (apps/api/src/errors.ts). For a refusal the web has no words of
 * its own for, show the half in the interface language rather than both, or a code.
 */
export function serverMessageIn(message: string, language: string | undefined): string {
  const [chinese, english] = message.split(' / ', 2)
  return (language === 'en' ? english : chinese)?.trim() || message
}
