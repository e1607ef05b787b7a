/** Deploys a test needs done before the part it looks at, and the fixtures they deploy. */
import {deploy, type DeployResult} from '../../src/app/deploy.js'
import type {Clock} from '../../src/clock.js'
import type {TestApp} from './app.js'

export const SIMPLE = 'test/fixtures/app/simple.jsonnet'
export const HOOKED = 'test/fixtures/app/hooked.jsonnet'
export const DAEMON = 'test/fixtures/app/daemon.jsonnet'
export const HELLO_ALB = 'examples/hello-alb.jsonnet'

/** A real deploy that must complete. */
export async function deployed<C extends Clock>(env: TestApp<C>, file: string, extra: {tag?: string} = {}): Promise<DeployResult> {
  const result = await deploy(env.deps, {file, timeoutSec: 1200, toolVersion: 'test', ...extra})
  if (result.exitCode !== 0) throw new Error(`deploy ${file} exited ${result.exitCode}: ${env.reporter.messages().join('\n')}`)
  return result
}
