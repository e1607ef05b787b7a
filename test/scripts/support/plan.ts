/** The deploy's script part alone: transforms, then each script's planned actions, applied in order unless only planned. */
import type {Container} from '../../../src/definition/types.js'
import {applyPlan} from '../../../src/plan/apply.js'
import {planLines} from '../../../src/plan/render.js'
import type {KnownOutputs, Plan} from '../../../src/plan/types.js'
import {runTransforms} from '../../../src/scripts/hooks.js'
import type {Script} from '../../../src/scripts/types.js'

export interface ScriptPlanOptions {
  live?: boolean
  known?: KnownOutputs
  frontPort?: number | null
}

export async function planScripts(scripts: Script[], containers: Container[], options: ScriptPlanOptions = {}): Promise<Plan> {
  const live = options.live ?? true
  const known = options.known ?? {}
  runTransforms(scripts, containers, {frontPort: options.frontPort === undefined ? 0 : options.frontPort})
  const actions = []
  for (const script of scripts) if (script.planDeploy) actions.push(...(await script.planDeploy(containers, {live, known})))
  return {app: 'test', actions, known, compared: live}
}

export async function deployScripts(scripts: Script[], containers: Container[], options: ScriptPlanOptions = {}): Promise<Plan> {
  const plan = await planScripts(scripts, containers, options)
  await applyPlan(plan)
  return plan
}

export const planText = (plan: Plan): string =>
  planLines(plan)
    .map((line) => `${line}\n`)
    .join('')
