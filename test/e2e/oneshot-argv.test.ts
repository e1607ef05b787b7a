/**
 * The built CLI reads hako's flags between FILE and the command (`oneshot FILE --local -t v2 echo
 * hi`), gives the command everything from its first word on, and refuses a foreign flag after FILE.
 */
import {join} from 'node:path'
import {DescribeTaskDefinitionCommand} from '@aws-sdk/client-ecs'
import {afterAll, describe, expect, it} from 'vitest'
import {clientsFor} from '../support/local-aws.js'
import {EXAMPLES, assertBuilt, describeResult, runCli, tempDir} from './support/cli.js'
import {startLocalServe} from './support/local-serve.js'

assertBuilt()

const BATCH = join(EXAMPLES, 'batch.jsonnet')

describe('oneshot arguments through the built CLI', () => {
  const states: Array<ReturnType<typeof tempDir>> = []
  const fresh = () => {
    const state = tempDir('oneshot-argv')
    states.push(state)
    return state.path
  }
  afterAll(() => {
    for (const state of states) state.remove()
  })

  it('--local and -t after FILE are hako’s; a -t after the command’s first word is the command’s', async () => {
    const localDir = fresh()
    const result = await runCli(['oneshot', BATCH, '--local', '-t', 'v2', 'echo', '-t', 'v3'], {localDir})
    expect(result.code, describeResult(result)).toBe(0)
    // The simulated echo writes its arguments back.
    expect(result.stdout).toBe('-t v3\n')
    expect(result.stderr).toContain('Started task')

    const served = await startLocalServe(localDir)
    try {
      const clients = clientsFor(served.endpoint)
      const out = await clients.ecs.send(new DescribeTaskDefinitionCommand({taskDefinition: 'batch-oneshot'}))
      clients.destroy()
      expect(out.taskDefinition?.containerDefinitions?.find((c) => c.name === 'app')?.image).toBe('ryotarai/hello-sinatra:v2')
    } finally {
      await served.stop()
    }
  })

  it('a flag after FILE that is not hako’s exits 2 and suggests --, before any AWS call', async () => {
    const result = await runCli(['oneshot', BATCH, '--local', '-l', 'ls'], {localDir: fresh()})
    expect(result.code, describeResult(result)).toBe(2)
    expect(result.stderr).toContain(`-l after ${BATCH} is not a hako oneshot flag`)
    expect(result.stderr).toContain(`hako oneshot ${BATCH} -- -l ls`)
    expect(result.stderr).not.toContain('local: created')
  })

  it('after -- the command may start with a dash', async () => {
    const result = await runCli(['oneshot', BATCH, '--local', '--', 'echo', '--tag'], {localDir: fresh()})
    expect(result.code, describeResult(result)).toBe(0)
    expect(result.stdout).toBe('--tag\n')
  })
})
