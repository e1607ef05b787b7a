/**
 * The built CLI with --local: the README's tour, command by command, checking exit codes and what
 * goes to stdout versus stderr. The service steps build on each other (one state dir for the
 * describe, as a user's session would); each oneshot test has a state dir of its own.
 */
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {DescribeTasksCommand} from '@aws-sdk/client-ecs'
import {parse as parseDotenv} from 'dotenv'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {clientsFor} from '../support/local-aws.js'
import {EXAMPLES, assertBuilt, describeResult, runCli, startCli, tempDir} from './support/cli.js'
import {startLocalServe} from './support/local-serve.js'

assertBuilt()

const HELLO = join(EXAMPLES, 'hello.jsonnet')
const BATCH = join(EXAMPLES, 'batch.jsonnet')
const SECRET = `${parseDotenv(readFileSync(join(EXAMPLES, 'hello.env'))).username}-san`

interface StatusJson {
  available: boolean
  deployments?: Array<{status: string; taskDefinition: string; rolloutState?: string}>
  tasks?: Array<{id: string; lastStatus: string; taskDefinition: string}>
  events?: Array<{message: string}>
}

describe('a service on the local AWS', () => {
  let state: ReturnType<typeof tempDir>
  const hako = (...args: string[]) => runCli(args, {localDir: state.path})
  const status = async (): Promise<StatusJson> => {
    const result = await hako('status', '--local', '--json', HELLO)
    expect(result.code, describeResult(result)).toBe(0)
    return JSON.parse(result.stdout) as StatusJson
  }

  beforeAll(() => {
    state = tempDir('local')
  })
  afterAll(() => state.remove())

  it('deploy creates what an account has, then the service, and follows it to the end', async () => {
    const result = await hako('deploy', HELLO, '--local')
    expect(result.code, describeResult(result)).toBe(0)
    expect(result.stderr).toContain('local: created cluster eagletmt')
    expect(result.stderr).toContain('Deployment completed')
    expect(result.stdout).toBe('')
  })

  it('a second deploy changes nothing', async () => {
    const result = await hako('deploy', HELLO, '--local')
    expect(result.code, describeResult(result)).toBe(0)
    expect(result.stderr).toContain("Task definition isn't changed")
    expect(result.stderr).toContain("Service isn't changed")
    expect(result.stderr).not.toContain('Registered task definition')
    expect(result.stderr).not.toContain('local: created')
  })

  it('diff exits 0 when nothing would change and 2 with another tag, the diff on stdout', async () => {
    const same = await hako('diff', '--local', HELLO)
    expect(same.code, describeResult(same)).toBe(0)
    expect(same.stdout).not.toMatch(/^\+\+\+ /m)

    const changed = await hako('diff', '--local', '--tag', 'v2', HELLO)
    expect(changed.code, describeResult(changed)).toBe(2)
    expect(changed.stdout).toMatch(/^-\s+"image": "ryotarai\/hello-sinatra:latest",$/m)
    expect(changed.stdout).toMatch(/^\+\s+"image": "ryotarai\/hello-sinatra:v2",$/m)
    expect(changed.stdout + changed.stderr).not.toContain(SECRET)
  })

  it('deploy --dry-run prints the plan on stdout, never a provider value, and changes nothing', async () => {
    const result = await hako('deploy', '--dry-run', '--local', '--tag', 'v2', HELLO)
    expect(result.code, describeResult(result)).toBe(0)
    expect(result.stdout).toMatch(/^\+\s+"image": "ryotarai\/hello-sinatra:v2",$/m)
    expect(result.stdout).toContain("--env 'MESSAGE=${username}-san'")
    expect(result.stdout + result.stderr).not.toContain(SECRET)
    expect((await status()).deployments?.map((d) => d.taskDefinition)).toEqual(['hello:1'])
  })

  it('status prints deployments, tasks and events; --json is JSON', async () => {
    const text = await hako('status', '--local', HELLO)
    expect(text.code, describeResult(text)).toBe(0)
    expect(text.stdout).toMatch(/^Deployments:\n\s+\[PRIMARY\] hello:1 /m)
    expect(text.stdout).toMatch(/^Tasks:\n\s+\[RUNNING\] /m)
    // The bundled CLI loads the EC2 SDK on demand for the instances' Name tag.
    expect(text.stdout).toMatch(/, instance_id=i-[0-9a-f]+ \(ecs-eagletmt\)$/m)
    expect(text.stdout).toMatch(/^Events:\n.*has reached a steady state\./m)

    const json = await status()
    expect(json.available).toBe(true)
    expect(json.deployments).toEqual([expect.objectContaining({status: 'PRIMARY', taskDefinition: 'hello:1', rolloutState: 'COMPLETED'})])
    expect(json.tasks?.filter((t) => t.lastStatus === 'RUNNING')).toHaveLength(2)
  })

  it('a crashing image fails the deploy with exit 3 and rolls back to revision 1', async () => {
    writeFileSync(join(state.path, 'faults.json'), JSON.stringify({images: [{image: 'ryotarai/hello-sinatra:broken', exitCode: 1}]}))
    const result = await hako('deploy', '--local', '--tag', 'broken', HELLO)
    expect(result.code, describeResult(result)).toBe(3)
    expect(result.stderr).toMatch(/container app: exit_code=1/)
    expect(result.stderr).toContain('Rolling back to')
    const json = await status()
    expect(json.deployments?.map((d) => `${d.status} ${d.taskDefinition}`)).toEqual(['PRIMARY hello:1'])
  })

  it('rollback goes back to the previous revision after a good update', async () => {
    const update = await hako('deploy', '--local', '--tag', 'v2', HELLO)
    expect(update.code, describeResult(update)).toBe(0)
    const updatedTo = (await status()).deployments?.[0]?.taskDefinition
    expect(updatedTo).not.toBe('hello:1')

    const result = await hako('rollback', '--local', HELLO)
    expect(result.code, describeResult(result)).toBe(0)
    expect(result.stderr).toContain(`Current task definition is ${updatedTo}`)
    expect((await status()).deployments?.map((d) => d.taskDefinition)).toEqual(['hello:1'])
  })

  it('stop and remove exit 0, and status then says Unavailable with exit 1', async () => {
    const stop = await hako('stop', '--local', HELLO)
    expect(stop.code, describeResult(stop)).toBe(0)
    const remove = await hako('remove', '--local', HELLO)
    expect(remove.code, describeResult(remove)).toBe(0)
    const after = await hako('status', '--local', HELLO)
    expect(after.code, describeResult(after)).toBe(1)
    expect(after.stdout + after.stderr).toContain('Unavailable')
  })
})

describe('oneshot on the local AWS', () => {
  const states: Array<ReturnType<typeof tempDir>> = []
  const fresh = () => {
    const state = tempDir('oneshot')
    states.push(state)
    return state.path
  }
  afterAll(() => {
    for (const state of states) state.remove()
  })

  it('echo hello prints hello on stdout and exits 0', async () => {
    const result = await runCli(['oneshot', '--local', BATCH, 'echo', 'hello'], {localDir: fresh()})
    expect(result.code, describeResult(result)).toBe(0)
    expect(result.stdout).toBe('hello\n')
  })

  it("sh -c 'exit 3' exits 3", async () => {
    const result = await runCli(['oneshot', '--local', BATCH, 'sh', '-c', 'exit 3'], {localDir: fresh()})
    expect(result.code, describeResult(result)).toBe(3)
    expect(result.stderr).toContain('exit_code=3')
  })

  it('options after FILE belong to the command, not to hako', async () => {
    const localDir = fresh()
    const ls = await runCli(['oneshot', '--local', BATCH, 'ls', '-l'], {localDir})
    expect(ls.code, describeResult(ls)).toBe(0)
    expect(ls.stderr).not.toMatch(/Nonexistent flag|Unexpected argument/)
    // The simulated `echo` writes its arguments back: -l reached the container's command.
    const echo = await runCli(['oneshot', '--local', BATCH, 'echo', '-l'], {localDir})
    expect(echo.code, describeResult(echo)).toBe(0)
    expect(echo.stdout).toBe('-l\n')
  })

  it('--no-wait prints only JSON on stdout', async () => {
    const result = await runCli(['oneshot', '--local', '--no-wait', BATCH, 'echo', 'hello'], {localDir: fresh()})
    expect(result.code, describeResult(result)).toBe(0)
    const started = JSON.parse(result.stdout) as {cluster: string; task_arn: string}
    expect(started.cluster).toBe('batch')
    expect(started.task_arn).toMatch(/^arn:aws:ecs:ap-northeast-1:\d+:task\/batch\//)
  })

  it('SIGINT stops the running task and exits with its code (or 130)', async () => {
    const localDir = fresh()
    const cli = startCli(['oneshot', '--local', BATCH, 'sleep', '600'], {localDir, timeoutMs: 60_000})
    const [, taskArn] = await cli.waitFor('stderr', /Started task: (\S+)/)
    cli.child.kill('SIGINT')
    const result = await cli.exited
    expect(result.signal, describeResult(result)).toBeNull()
    const reported = /app has stopped with exit_code=(\d+)/.exec(result.stderr)?.[1]
    expect(result.code, describeResult(result)).toBe(reported === undefined ? 130 : Number(reported))

    // Looked at from another process: the task was stopped, not left sleeping.
    const served = await startLocalServe(localDir)
    try {
      const clients = clientsFor(served.endpoint)
      const out = await clients.ecs.send(new DescribeTasksCommand({cluster: 'batch', tasks: [String(taskArn)]}))
      clients.destroy()
      expect(out.tasks?.[0]?.desiredStatus).toBe('STOPPED')
    } finally {
      await served.stop()
    }
  })
})
