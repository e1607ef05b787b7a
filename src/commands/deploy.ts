import {Args, Flags} from '@oclif/core'

import {BaseCommand, definitionFlags, parsePairs} from '../base-command.js'

export default class Deploy extends BaseCommand {
  static override summary = 'Register the task definition if it changed, create or update the service, and wait until it is steady.'
  static override description = `A failed deployment (tasks that keep stopping, rollout FAILED, a timeout) is rolled back to the previous task definition and the failed revision is deregistered.
Exit codes: 0 done or nothing to do, 1 error, 3 failed and rolled back, 4 timed out and rolled back, 5 rolled back by ECS's circuit breaker, 6 the rollback did not settle, 130 interrupted.`
  static override examples = [
    '<%= config.bin %> deploy examples/hello.jsonnet --local',
    '<%= config.bin %> deploy --dry-run hello.jsonnet',
    '<%= config.bin %> deploy --tag v42 --timeout 600 hello.jsonnet',
  ]
  static override args = {file: Args.string({description: 'definition file (.jsonnet or .json)', required: true})}
  static override flags = {
    ...definitionFlags,
    force: Flags.boolean({char: 'f', description: 'Register a new task definition revision even if nothing changed.', default: false}),
    tag: Flags.string({char: 't', description: 'Image tag of the app container (overrides app.tag).'}),
    'dry-run': Flags.boolean({char: 'n', description: 'Show what would change (diffs, load balancer and script plans) and change nothing.', default: false}),
    offline: Flags.boolean({description: 'With --dry-run: print the task definition and docker run lines without reading AWS.', default: false, dependsOn: ['dry-run']}),
    timeout: Flags.integer({description: 'Seconds to wait for the deployment before rolling back.', default: 1200, min: 1}),
    'no-wait': Flags.boolean({description: 'Do not follow the deployment; print what was started as JSON and exit 0.', default: false}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Deploy)
    const deps = await this.makeDeps(flags)
    const {deploy} = await import('../app/deploy.js')
    const result = await deploy(deps, {
      file: args.file,
      extStr: parsePairs('ext-str', flags['ext-str']),
      jpath: flags.jpath,
      tag: flags.tag,
      force: flags.force,
      dryRun: flags['dry-run'],
      offline: flags.offline,
      timeoutSec: flags.timeout,
      noWait: flags['no-wait'],
      signal: this.interruptSignal(),
      toolVersion: this.config.version,
    })
    if (result.exitCode !== 0) this.exit(result.exitCode)
  }
}
