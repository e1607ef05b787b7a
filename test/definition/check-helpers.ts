/** A minimal valid definition and the pure check every table test runs it through. */
import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {checkDefinition} from '../../src/definition/check.js'

export type Raw = Record<string, any>

const dir = mkdtempSync(join(tmpdir(), 'hako-check-'))

export function base(): Raw {
  return {
    scheduler: {type: 'ecs', region: 'ap-northeast-1', desired_count: 1},
    app: {image: 'busybox', memory: 64},
  }
}

export function fargate(d: Raw): void {
  Object.assign(d.scheduler, {
    launch_type: 'FARGATE',
    network_mode: 'awsvpc',
    cpu: '256',
    memory: '512',
    execution_role_arn: 'arn:aws:iam::123456789012:role/exec',
    network_configuration: {awsvpc_configuration: {subnets: ['subnet-1']}},
  })
}

export async function check(mutate: (d: Raw) => void, options: {appId?: string; oneshot?: boolean} = {}) {
  const d = base()
  mutate(d)
  return checkDefinition(d, {mode: 'placeholder', appId: options.appId ?? 'hello', dir, ...(options.oneshot ? {containers: {with: []}} : {})})
}

export const errorsOf = (problems: {severity: string; path: string; message: string}[]) =>
  problems.filter((p) => p.severity === 'error').map((p) => `${p.path}: ${p.message}`)
