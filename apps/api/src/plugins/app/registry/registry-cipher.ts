import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'

/**
 * The registry's personal numbers (ID numbers, phones) at rest. One secret, DATA_KEY, gives two keys through HKDF:
 * an AES-256-GCM key for the sealed value and an HMAC-SHA-256 key for the lookup hash. The database holds neither,
 * so a copy of the database (a backup, a dump, a replica) holds no number in clear and none that can be guessed by
 * hashing the few billion possible phones without the key.
 */
export interface RegistryCipher {
  /** iv (12) ‖ tag (16) ‖ ciphertext: a fresh iv each time, so equal numbers give unequal cipher texts. */
  seal(clear: string): Buffer
  open(sealed: Buffer): string
  /** The keyed hash an exact lookup and an import's natural key compare; equal numbers give equal hashes. */
  lookupHash(clear: string): Buffer
}

const IV_BYTES = 12
const TAG_BYTES = 16

export function createRegistryCipher(dataKey: string): RegistryCipher {
  const secret = Buffer.from(dataKey, 'utf8')
  const derive = (purpose: string) =>
    Buffer.from(hkdfSync('sha256', secret, Buffer.from('wangge-registry'), Buffer.from(purpose), 32))
  const sealKey = derive('aes-256-gcm seal')
  const hashKey = derive('hmac-sha256 lookup')
  return {
    seal(clear) {
      const iv = randomBytes(IV_BYTES)
      const cipher = createCipheriv('aes-256-gcm', sealKey, iv)
      const body = Buffer.concat([cipher.update(clear, 'utf8'), cipher.final()])
      return Buffer.concat([iv, cipher.getAuthTag(), body])
    },
    open(sealed) {
      const decipher = createDecipheriv('aes-256-gcm', sealKey, sealed.subarray(0, IV_BYTES))
      decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES))
      return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8')
    },
    lookupHash(clear) {
      return createHmac('sha256', hashKey).update(clear, 'utf8').digest()
    },
  }
}

/**
 * DATA_KEY when set, else the key generated once into DATA_DIR/data-key (mode 600), as the session secret is:
 * an embedded install encrypts from its first start without anyone choosing a key. Losing the file loses the
 * registry's numbers, so a production install sets DATA_KEY from its secret store and backs it up apart.
 */
export async function registryDataKey(configured: string | undefined, dataDir: string): Promise<string> {
  if (configured) return configured
  const file = path.join(dataDir, 'data-key')
  try {
    return (await readFile(file, 'utf8')).trim()
  } catch {
    await mkdir(dataDir, { recursive: true })
    await writeFile(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' }).catch(() => undefined)
    return (await readFile(file, 'utf8')).trim()
  }
}
