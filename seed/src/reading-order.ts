/** A part of a parent, placed by its lattice extent and centroid (y grows north). */
export interface PlacedPart {
  readonly top: number
  readonly bottom: number
  readonly cx: number
  readonly cy: number
}

/**
 * Reading order of parts that do not form clean rows ("west to east, then north to south"):
 *  1. the row leader is the remaining part whose northern edge is highest (ties: the western one by centroid);
 *  2. the row is every remaining part whose centroid lies strictly between the leader's southern and northern
 *     edges (the leader included);
 *  3. the row is read west to east by centroid (ties: the northern one first, then the input order);
 *  4. repeat with the parts left over.
 * Returns the indices of the parts in reading order.
 */
export function readingOrder(parts: readonly PlacedPart[]): number[] {
  const remaining = parts.map((_, index) => index)
  const order: number[] = []
  while (remaining.length > 0) {
    let leader = remaining[0]!
    for (const index of remaining) {
      const a = parts[index]!
      const b = parts[leader]!
      if (a.top > b.top || (a.top === b.top && a.cx < b.cx)) leader = index
    }
    const { bottom, top } = parts[leader]!
    const row = remaining.filter((index) => parts[index]!.cy > bottom && parts[index]!.cy < top)
    row.sort((i, k) => {
      const a = parts[i]!
      const b = parts[k]!
      if (a.cx !== b.cx) return a.cx - b.cx
      if (a.cy !== b.cy) return b.cy - a.cy
      return i - k
    })
    order.push(...row)
    for (const index of row) remaining.splice(remaining.indexOf(index), 1)
  }
  return order
}
