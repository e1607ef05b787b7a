import type {Definition} from '../../../src/definition/types.js'
import type {ScriptContext} from '../../../src/scripts/types.js'
import {MemoryReporter} from '../../../src/ui/reporter.js'
import type {TestAws} from '../../support/local-aws.js'

/** A script context on the local AWS; the definition carries only what the scripts read. */
export function scriptContext(
  local: TestAws,
  options: {dryRun?: boolean; scheduler?: Record<string, unknown>} = {},
): ScriptContext & {reporter: MemoryReporter} {
  return {
    appId: 'hello',
    definitionDir: '/nonexistent',
    // Scripts read only `scheduler.elb_v2`; a full definition would come from the loader.
    definition: {scheduler: {type: 'ecs', ...options.scheduler}} as unknown as Definition,
    clients: local.clients,
    reporter: new MemoryReporter(),
    dryRun: options.dryRun ?? false,
    clock: local.clock,
  }
}
