/**
 * Runs one hook on every script in definition order. The first failure stops the run, so a
 * failing `deployStarting` leaves ECS untouched.
 */
import {HakoError} from '../errors.js'
import type {Container} from '../definition/types.js'
import type {Script} from './types.js'

export type HookName = Exclude<keyof Script, 'type' | 'transform' | 'planDeploy'>
export type HookArgs<H extends HookName> = Parameters<NonNullable<Script[H]>>

/** hako's names for the hooks, which users know from its documentation. */
const hakoHookNames: Record<HookName, string> = {
  deployStarting: 'deploy_starting',
  deployStarted: 'deploy_started',
  deployFinished: 'deploy_finished',
  deployFailed: 'deploy_failed',
  rollbackStarting: 'rollback_starting',
  rollbackStarted: 'rollback_started',
  rollbackFinished: 'rollback_finished',
  oneshotStarting: 'oneshot_starting',
  oneshotStarted: 'oneshot_started',
  oneshotFinished: 'oneshot_finished',
  removeStarting: 'remove_starting',
  afterRemove: 'after_remove',
}

/** A script hook threw; keeps the exit code of the cause when it was a HakoError. */
export class ScriptHookError extends HakoError {
  readonly scriptType: string
  readonly hook: HookName

  constructor(scriptType: string, hook: HookName, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause)
    super(`script ${scriptType} failed in ${hakoHookNames[hook]}: ${reason}`, {
      code: 'script-failed',
      cause,
      ...(cause instanceof HakoError ? {exitCode: cause.exitCode, hint: cause.hint} : {}),
    })
    this.scriptType = scriptType
    this.hook = hook
  }
}

export async function runHook<H extends HookName>(scripts: readonly Script[], hook: H, ...args: HookArgs<H>): Promise<void> {
  for (const script of scripts) {
    const fn = script[hook] as ((...a: HookArgs<H>) => Promise<void>) | undefined
    if (typeof fn !== 'function') continue
    try {
      await fn.apply(script, args)
    } catch (error) {
      throw new ScriptHookError(script.type, hook, error)
    }
  }
}

/** Every script's pure container transform, in definition order (every mode, offline included). */
export function runTransforms(scripts: readonly Script[], containers: Container[], info: {frontPort: number | null}): void {
  for (const script of scripts) {
    try {
      script.transform?.(containers, info)
    } catch (error) {
      throw new ScriptHookError(script.type, 'deployStarting', error)
    }
  }
}
