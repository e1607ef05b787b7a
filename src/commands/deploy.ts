import {basename} from 'node:path'

import {Args, Flags} from '@oclif/core'

import {BaseCommand, definitionFlags, parsePairs} from '../base-command.js'
import {UsageError} from '../errors.js'
import {outcomeOfError} from '../ui/json-document.js'

export default class Deploy extends BaseCommand {
  static override summary = 'Register the task definition if it changed, create or update the service, and wait until it is steady.'
  static override description = `A failed deployment (tasks that keep stopping, rollout FAILED, a timeout) is rolled back to the previous task definition and the failed revision is deregistered.
Exit codes: 0 done or nothing to do, 1 error, 2 usage error, 3 failed and rolled back, 4 timed out and rolled back, 5 rolled back by ECS's circuit breaker, 6 the rollback did not settle, 130 interrupted.
Several files: every definition is checked first (nothing is deployed if any is invalid), then the apps deploy at once, their lines tagged [app], their waits sharing one batched DescribeServices poller; a summary line per app ends the run. The exit code is 0 when every app succeeded, otherwise the code of the first failing app in the order given.`
  static override examples = [
    '<%= config.bin %> deploy examples/hello.jsonnet --local',
    '<%= config.bin %> deploy --dry-run hello.jsonnet',
    '<%= config.bin %> deploy --tag v42 --timeout 600 hello.jsonnet',
    '<%= config.bin %> deploy web.jsonnet worker.jsonnet --tag v42',
  ]
  // More than one FILE: oclif has no repeatable argument, so the rest arrive in argv.
  static override strict = false
  static override args = {file: Args.string({description: 'definition file (.jsonnet or .json); give several to deploy them at once', required: true})}
  static override flags = {
    ...definitionFlags,
    force: Flags.boolean({char: 'f', description: 'Register a new task definition revision even if nothing changed.', default: false}),
    tag: Flags.string({char: 't', description: 'Image tag of the app container (overrides app.tag); with several files, applies to every app.'}),
    'dry-run': Flags.boolean({char: 'n', description: 'Show what would change (diffs, load balancer and script plans) and change nothing.', default: false}),
    // Checked in run(): oclif's dependsOn counts --dry-run's default (false) as given.
    offline: Flags.boolean({description: 'With --dry-run: print the task definition and docker run lines without reading AWS.', default: false}),
    timeout: Flags.integer({description: 'Seconds to wait for the deployment before rolling back (for each app).', default: 1200, min: 1}),
    'rollback-timeout': Flags.integer({description: 'Seconds to wait for the automatic rollback to settle (default: --timeout).', min: 1}),
    json: Flags.boolean({
      description: 'Print one JSON document on stdout at the end (outcome, exit code, actions, ARNs); logs stay on stderr.',
      default: false,
    }),
    'no-wait': Flags.boolean({description: 'Do not follow the deployment; print what was started as JSON and exit 0.', default: false}),
    parallel: Flags.integer({description: 'With several files: how many apps deploy at the same time (default 50).', min: 1}),
  }

  async run(): Promise<void> {
    const {args, argv, flags} = await this.parse(Deploy)
    const files = (argv as string[]).filter((a) => a !== '--')
    // Not strict, so oclif hands unknown flags over as arguments: refuse them as it would.
    const unknown = files.filter((a) => a.startsWith('-'))
    if (unknown.length > 0) this.error(`Nonexistent flag${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}\nSee more help with --help`, {exit: 2})
    if (flags.offline && !flags['dry-run']) {
      throw new UsageError('--offline needs --dry-run: an offline run can only show what would be deployed', {hint: 'hako deploy --dry-run --offline FILE'})
    }
    const extStr = parsePairs('ext-str', flags['ext-str'])
    if (flags.json) this.json = {command: 'deploy', files}
    const deps = await this.makeDeps(flags)
    const common = {
      extStr,
      jpath: flags.jpath,
      tag: flags.tag,
      force: flags.force,
      dryRun: flags['dry-run'],
      offline: flags.offline,
      timeoutSec: flags.timeout,
      rollbackTimeoutSec: flags['rollback-timeout'],
      reproduce: this.reproduceFlags(flags),
      noWait: flags['no-wait'],
      signal: this.interruptSignal(),
      toolVersion: this.config.version,
    }
    if (files.length > 1) {
      const {deployMany} = await import('../app/deploy-many.js')
      const result = await deployMany(deps, files, {...common, ...(flags.parallel ? {parallel: flags.parallel} : {})})
      for (const app of result.apps) await this.appendStepSummary(app.result?.markdown)
      if (flags.json) {
        this.json = undefined
        this.printJson({
          command: 'deploy',
          exitCode: result.exitCode,
          apps: result.apps.map((app) => ({
            file: app.file,
            app: app.appId,
            outcome: app.outcome === 'failed' && app.error ? outcomeOfError(app.error) : app.outcome,
            exitCode: app.exitCode,
            ...(app.result ?? {}),
            ...(app.error ? {error: app.error.message} : {}),
          })),
        })
      }
      if (result.exitCode !== 0) this.exit(result.exitCode)
      return
    }
    const {deploy} = await import('../app/deploy.js')
    const result = await deploy(deps, {...common, file: args.file})
    await this.appendStepSummary(result.markdown)
    if (flags.json) this.printJson({command: 'deploy', file: args.file, app: basename(args.file).replace(/\.[^.]*$/, ''), ...result})
    if (result.exitCode !== 0) this.exit(result.exitCode)
  }
}
