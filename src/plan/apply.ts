/**
 * Performs a plan's writes in order. Nothing here decides anything: an action that the plan
 * marked `none` is not run. When a write fails after others succeeded, the error says what this
 * run had already created or changed, so the user knows what state was left.
 */
import {HakoError} from '../errors.js'
import {type ApplyOutputs, type Plan, pendingActions} from './types.js'

export class PartialApplyError extends HakoError {
  readonly written: readonly string[]
  constructor(cause: unknown, written: readonly string[]) {
    const message = cause instanceof Error ? cause.message : String(cause)
    const done = written.length > 0 ? `; this run had already written: ${written.join('; ')}` : ''
    super(`${message}${done}`, {
      code: cause instanceof HakoError ? cause.code : 'apply-failed',
      exitCode: cause instanceof HakoError ? cause.exitCode : undefined,
      hint: cause instanceof HakoError ? cause.hint : undefined,
      cause,
    })
    this.written = written
  }
}

export function initialOutputs(plan: Plan): ApplyOutputs {
  return {...plan.known, written: []}
}

export async function applyPlan(plan: Plan): Promise<ApplyOutputs> {
  const outputs = initialOutputs(plan)
  for (const action of pendingActions(plan)) {
    try {
      await action.apply?.(outputs)
    } catch (error) {
      if (outputs.written.length === 0) throw error
      throw new PartialApplyError(error, outputs.written)
    }
    outputs.written.push(`${action.change} ${action.kind} ${action.resource}`)
  }
  return outputs
}
