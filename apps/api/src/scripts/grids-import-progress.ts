import type { GridImportProgress, GridImportStep } from '../plugins/app/grids/grid-import-progress.ts'

const STEP_NAMES: Record<GridImportStep, string> = {
  stage: '暂存 / staging',
  validate: '检查几何有效性 / validating geometry',
  derive: '以下级重建上级 / deriving parents',
  clip: '裁剪到上级 / clipping children',
  snap: '吸附细小重叠 / snapping slivers',
  check: '检查重叠、越界与空隙 / checking overlaps, spill-over and gaps',
  merge: '写入网格树 / writing the tree',
}

/**
 * Progress of an import on stderr, so stdout keeps only the result. On a terminal the staging count rewrites one
 * line; piped into a log (not a TTY) only each step's start is written, with the seconds since the start — a few
 * lines, worth having in a log of a long city import, and no carriage-return noise.
 */
export function commandLineProgress(stream: NodeJS.WriteStream) {
  const started = performance.now()
  const seconds = () => `${((performance.now() - started) / 1000).toFixed(1)} s`
  let current: GridImportStep | undefined
  let counting = false
  const endCount = () => {
    if (counting) stream.write('\n')
    counting = false
  }
  const say = (text: string) => {
    endCount()
    stream.write(`[${seconds()}] ${text}\n`)
  }
  const step: GridImportProgress = ({ step, done, total }) => {
    if (step !== current) {
      current = step
      say(`${STEP_NAMES[step]}…`)
    }
    if (done !== undefined && total !== undefined && done > 0 && stream.isTTY) {
      stream.write(
        `\r  ${done.toLocaleString('en')} / ${total.toLocaleString('en')} (${Math.round((done / total) * 100)}%)`,
      )
      counting = true
    }
  }
  return { say, step, done: () => say('完成 / done'), stop: endCount }
}
