import type { GridLevel } from '@wangge/grid'
import type { TFunction } from 'i18next'

/** 社区 / 片区 / 网格 — Community / Area / Unit grid. */
export function levelName(t: TFunction, level: GridLevel): string {
  switch (level) {
    case 1:
      return t('level.community')
    case 2:
      return t('level.area')
    case 3:
      return t('level.unit')
  }
}

/** 一级 / 二级 / 三级 — Level 1 / 2 / 3. */
export function levelRank(t: TFunction, level: GridLevel): string {
  switch (level) {
    case 1:
      return t('levelRank.community')
    case 2:
      return t('levelRank.area')
    case 3:
      return t('levelRank.unit')
  }
}
