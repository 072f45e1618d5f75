/**
 * Area for people: square kilometres from 0.1 km² up (communities, areas), square metres below (unit grids are a
 * few thousand m², where "0.01 km²" would hide the differences between them).
 */
export function formatArea(areaM2: number, locale: string): { unit: 'km2' | 'm2'; value: string } {
  if (areaM2 >= 100_000) {
    const value = new Intl.NumberFormat(locale, { maximumFractionDigits: 2, minimumFractionDigits: 2 })
    return { unit: 'km2', value: value.format(areaM2 / 1_000_000) }
  }
  return { unit: 'm2', value: new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(areaM2) }
}
