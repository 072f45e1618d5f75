/**
 * Tells whoever started the server which step of preparing the database it is in. A first start on the embedded
 * database creates, migrates and seeds it for over a minute; without these lines a newcomer sees nothing meanwhile.
 * Each step is said in zh-CN and English; the caller adds the elapsed time.
 */
export type StartupProgress = (zh: string, en: string) => void

export const quietProgress: StartupProgress = () => {}
