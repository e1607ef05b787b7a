/** Settings of the local AWS that the CLI needs before (and without) loading the simulator or the SDK. */
import {join} from 'node:path'

/** Fixed fake credentials: the local AWS never checks them, and they keep the SDK off any real chain. */
export const LOCAL_CREDENTIALS = {accessKeyId: 'AKIDLOCALHAKO', secretAccessKey: 'local-hako-secret'}

/** `--local` runs this many times faster than real time, so a demo deploy takes seconds. */
export const LOCAL_SPEED = 20

export function localStateDir(): string {
  return process.env.HAKO_LOCAL_DIR ?? join(process.cwd(), '.hako', 'local')
}
