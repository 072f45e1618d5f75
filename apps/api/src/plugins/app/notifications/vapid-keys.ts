import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import webpush from 'web-push'

export interface VapidKeys {
  publicKey: string
  privateKey: string
}

/**
 * The server's VAPID key pair (RFC 8292): from VAPID_PUBLIC_KEY/VAPID_PRIVATE_KEY when both are set, else generated
 * once into DATA_DIR/vapid-keys.json (mode 0600) and reused — a new pair would orphan every browser's subscription.
 */
export async function loadVapidKeys(dataDir: string, env: NodeJS.ProcessEnv = process.env): Promise<VapidKeys> {
  if (env.VAPID_PUBLIC_KEY && env.VAPID_PRIVATE_KEY)
    return { publicKey: env.VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY }
  const file = path.join(dataDir, 'vapid-keys.json')
  try {
    const stored = JSON.parse(await readFile(file, 'utf8')) as Partial<VapidKeys>
    if (stored.publicKey && stored.privateKey) return { publicKey: stored.publicKey, privateKey: stored.privateKey }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  const keys = webpush.generateVAPIDKeys()
  await mkdir(dataDir, { recursive: true })
  // `wx`: two processes starting on one DATA_DIR keep the first pair; the loser reads it back.
  try {
    await writeFile(file, JSON.stringify(keys), { mode: 0o600, flag: 'wx' })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return loadVapidKeys(dataDir, {})
    throw err
  }
  return keys
}
