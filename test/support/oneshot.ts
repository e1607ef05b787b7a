/** The parameters `hako oneshot FILE COMMAND...` gives the use case when no flag is set. */
import type {OneshotParams} from '../../src/app/oneshot.js'

export function oneshotParams(file: string, command: string[], extra: Partial<OneshotParams> = {}): OneshotParams {
  return {file, command, containers: [], env: {}, dryRun: false, noWait: false, logs: true, toolVersion: 'test', ...extra}
}
