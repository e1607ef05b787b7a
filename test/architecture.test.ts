/**
 * The layering rules of docs/architecture.md, checked over the source text so a change that breaks them
 * fails here rather than in review.
 */
import {readdirSync, readFileSync} from 'node:fs'
import {join, relative} from 'node:path'

import {describe, expect, it} from 'vitest'

const SRC = join(import.meta.dirname, '..', 'src')

function sources(dir: string): {path: string; text: string}[] {
  return readdirSync(dir, {withFileTypes: true, recursive: true})
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => {
      const file = join(entry.parentPath, entry.name)
      return {path: relative(SRC, file), text: readFileSync(file, 'utf8')}
    })
}

const all = sources(SRC)
const isCommandLayer = (path: string): boolean => path.startsWith('commands/') || path === 'base-command.ts'

describe('layering', () => {
  it('has source files to check', () => {
    expect(all.length).toBeGreaterThan(50)
  })

  it('commands and the definition pipeline never import the AWS SDK', () => {
    const offenders = all.filter((f) => (f.path.startsWith('commands/') || f.path.startsWith('definition/')) && /from '@aws-sdk\//.test(f.text))
    expect(offenders.map((f) => f.path)).toEqual([])
  })

  it('only src/aws/clients.ts constructs AWS SDK clients', () => {
    const offenders = all.filter((f) => f.path !== 'aws/clients.ts' && /new \w+Client\(/.test(f.text))
    expect(offenders.map((f) => f.path)).toEqual([])
  })

  it('nothing below the command layer prints or exits', () => {
    const writes = /process\.exit\(|console\.(log|error|warn|info|debug)\(|process\.(stdout|stderr)\.write\(/
    const offenders = all.filter((f) => !isCommandLayer(f.path) && !f.path.startsWith('ui/console-reporter') && writes.test(f.text))
    expect(offenders.map((f) => f.path)).toEqual([])
  })

  it('pure builders do no I/O', () => {
    const pure = ['ecs/task-definition.ts', 'ecs/service.ts', 'ecs/canonical.ts', 'ecs/docker-run.ts', 'scripts/nginx-config.ts']
    const io = /from 'node:(fs|http|https|net|child_process)'|\.send\(/
    const offenders = all.filter((f) => pure.includes(f.path) && io.test(f.text))
    expect(offenders.map((f) => f.path)).toEqual([])
    expect(all.filter((f) => pure.includes(f.path))).toHaveLength(pure.length)
  })
})

describe('test setup', () => {
  const TEST = import.meta.dirname
  // Tests of startLocalAws's own refusal to start call it directly; everything else uses test/support.
  const DIRECT: Record<string, string[]> = {
    'local/port-in-use.test.ts': ['startLocalAws'],
    'local/state-shape.test.ts': ['startLocalAws'],
  }

  it('starts the local AWS and builds SDK clients only in test/support', () => {
    const offenders = readdirSync(TEST, {withFileTypes: true, recursive: true})
      .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
      .map((entry) => relative(TEST, join(entry.parentPath, entry.name)))
      .filter((path) => !path.startsWith('support/'))
      .flatMap((path) => {
        const calls = [...readFileSync(join(TEST, path), 'utf8').matchAll(/\b(startLocalAws|createAwsClients)\(/g)].map((m) => m[1] ?? '')
        return [...new Set(calls)].filter((call) => !DIRECT[path]?.includes(call)).map((call) => `${path}: ${call}`)
      })
    expect(offenders).toEqual([])
  })
})
