/** 大虞街道, the reference deployment. */
export interface ReferenceStreet {
  /** 9-digit division code: county 370705 (潍坊市奎文区) + street 002. */
  readonly divisionCode: string
  readonly name: string
  readonly nameEn: string
  readonly county: string
  /** [lng, lat] in WGS-84: the point the generated lattice is centred on (≈ the outline's bounding-box centre). */
  readonly center: readonly [number, number]
}

export const STREET: ReferenceStreet = {
  divisionCode: '370705002',
  name: '大虞街道',
  nameEn: 'Dayu Subdistrict',
  county: '潍坊市奎文区',
  center: [119.15, 36.71],
}
