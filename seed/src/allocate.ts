/**
 * Splits `total` into whole shares proportional to `weights` (largest remainder), each at least `minimum`.
 * Ties in the remainders go to the lower index, so the result never depends on sort stability.
 */
export function apportion(total: number, weights: readonly number[], minimum = 1): number[] {
  const sum = weights.reduce((a, b) => a + b, 0)
  if (weights.length === 0 || sum <= 0) throw new Error('apportion needs positive weights')
  if (minimum * weights.length > total)
    throw new Error(`cannot give ${weights.length} shares at least ${minimum} out of ${total}`)
  const quotas = weights.map((weight) => (total * weight) / sum)
  const shares = quotas.map((quota) => Math.max(minimum, Math.floor(quota)))
  let left = total - shares.reduce((a, b) => a + b, 0)
  const byRemainder = quotas
    .map((quota, index) => ({ index, remainder: quota - Math.floor(quota) }))
    .sort((a, b) => (a.remainder !== b.remainder ? b.remainder - a.remainder : a.index - b.index))
  for (let k = 0; left > 0; k = (k + 1) % byRemainder.length, left--) shares[byRemainder[k]!.index]! += 1
  // The minimum may have given out too much: take it back from the shares furthest above their quota.
  while (left < 0) {
    let pick = -1
    for (let index = 0; index < shares.length; index++) {
      if (shares[index]! <= minimum) continue
      if (pick === -1 || shares[index]! - quotas[index]! > shares[pick]! - quotas[pick]!) pick = index
    }
    shares[pick]! -= 1
    left++
  }
  return shares
}
