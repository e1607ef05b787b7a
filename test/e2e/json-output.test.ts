/**
 * `--json`: one valid document on stdout at the end of each command, of the shape README gives,
 * failures included; logs stay on stderr.
 */
import {join} from 'node:path'

import * as v from 'valibot'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {assertBuilt, type CliResult, describeResult, EXAMPLES, runCli, tempDir} from './support/cli.js'
import {copyExample} from './support/examples.js'

assertBuilt()

const action = v.strictObject({kind: v.string(), resource: v.string(), change: v.picklist(['create', 'update', 'delete'])})
const deployDocument = v.object({
  command: v.literal('deploy'),
  file: v.string(),
  app: v.string(),
  outcome: v.picklist(['unchanged', 'completed', 'planned', 'started', 'interrupted']),
  exit_code: v.number(),
  changed: v.boolean(),
  actions: v.array(action),
  task_definition_arn: v.optional(v.string()),
  service_arn: v.optional(v.string()),
  deployment_id: v.optional(v.string()),
})
const failureDocument = v.strictObject({command: v.string(), files: v.array(v.string()), outcome: v.string(), exit_code: v.number(), error: v.string()})
const diffDocument = v.object({
  command: v.literal('diff'),
  file: v.string(),
  outcome: v.picklist(['changes', 'unchanged']),
  exit_code: v.number(),
  changed: v.boolean(),
  actions: v.array(action),
})
const oneshotDocument = v.object({
  command: v.literal('oneshot'),
  outcome: v.string(),
  exit_code: v.number(),
  task_arn: v.optional(v.string()),
  containers: v.optional(v.array(v.strictObject({name: v.string(), exit_code: v.nullable(v.number())}))),
})
const rollbackDocument = v.object({
  command: v.literal('rollback'),
  outcome: v.string(),
  exit_code: v.number(),
  from: v.optional(v.string()),
  to: v.optional(v.string()),
})
const stopDocument = v.object({command: v.literal('stop'), outcome: v.picklist(['stopped', 'planned', 'missing']), exit_code: v.number()})
const removeDocument = v.object({command: v.literal('remove'), outcome: v.picklist(['deleted', 'planned', 'missing']), exit_code: v.number()})

let tmp: ReturnType<typeof tempDir>
let localDir: string
let hello: string
beforeAll(() => {
  tmp = tempDir('json')
  localDir = join(tmp.path, 'local')
  hello = copyExample(tmp.path, 'hello.jsonnet')
})
afterAll(() => tmp.remove())

function documentOf<T extends v.GenericSchema>(schema: T, result: CliResult): v.InferOutput<T> {
  const parsed = v.safeParse(schema, JSON.parse(result.stdout))
  if (!parsed.success) throw new Error(`not the documented shape: ${v.summarize(parsed.issues)}\n${describeResult(result)}`)
  return parsed.output
}

const cli = (args: string[]) => runCli([...args, '--json'], {localDir, timeoutMs: 120_000})

describe('--json documents', () => {
  it('deploy: completed, then unchanged, then --no-wait twice; diff; rollback; stop; remove', async () => {
    const first = documentOf(deployDocument, await cli(['deploy', '--local', hello]))
    expect(first).toMatchObject({outcome: 'completed', exit_code: 0, changed: true, app: 'hello'})
    expect(first.actions.map((a) => a.kind)).toEqual(['front-config', 'task-definition', 'service'])
    expect(documentOf(deployDocument, await cli(['deploy', '--local', hello]))).toMatchObject({outcome: 'unchanged', changed: false, actions: []})

    const started = documentOf(deployDocument, await cli(['deploy', '--local', '--no-wait', '--tag', 'v2', hello]))
    expect(started).toMatchObject({outcome: 'started', changed: true})
    expect(started.deployment_id).toBeTruthy()
    expect(documentOf(deployDocument, await cli(['deploy', '--local', '--no-wait', '--tag', 'v2', hello]))).toMatchObject({changed: false})

    const diff = await cli(['diff', '--local', '--tag', 'v3', hello])
    expect(diff.code).toBe(2)
    expect(documentOf(diffDocument, diff)).toMatchObject({outcome: 'changes', changed: true})

    expect(documentOf(rollbackDocument, await cli(['rollback', '--local', hello]))).toMatchObject({outcome: 'rolled-back', exit_code: 0})
    expect(documentOf(stopDocument, await cli(['stop', '--local', hello]))).toMatchObject({outcome: 'stopped'})
    expect(documentOf(removeDocument, await cli(['remove', '--local', hello]))).toMatchObject({outcome: 'deleted'})
  })

  it('oneshot: the task ARN and every container exit code', async () => {
    // Before FILE: after it, every word belongs to the command.
    const result = await runCli(['oneshot', '--local', '--json', join(EXAMPLES, 'batch.jsonnet'), 'sh', '-c', 'exit 3'], {localDir, timeoutMs: 120_000})
    expect(result.code).toBe(3)
    const document = documentOf(oneshotDocument, result)
    expect(document).toMatchObject({outcome: 'stopped', exit_code: 3})
    expect(document.task_arn).toMatch(/^arn:aws:ecs:/)
    expect(document.containers).toContainEqual({name: 'app', exit_code: 3})
  })

  it('a failed deploy is a document with its outcome and exit code', async () => {
    const file = copyExample(tmp.path, 'hello.jsonnet', [['desired_count: 2', "desired_count: 'two'"]])
    const result = await cli(['deploy', '--local', '--dry-run', file])
    expect(result.code).toBe(1)
    expect(documentOf(failureDocument, result)).toMatchObject({command: 'deploy', outcome: 'failed', exit_code: 1})
  })
})
