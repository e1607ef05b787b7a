/** The rest of `main()`: oclif's run, flush and error handling, as its `execute()` does them. */
import {flush, handle, run} from '@oclif/core'

export async function runOclif(argv: string[], entry: string): Promise<void> {
  try {
    await run(argv, entry)
    await flush()
  } catch (error) {
    await handle(error as Error)
  }
}
