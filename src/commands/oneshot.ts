import {Args, Flags} from '@oclif/core'

import {splitOneshotArgv} from '../app/oneshot-argv.js'
import {BaseCommand, definitionFlags, parsePairs} from '../base-command.js'
import {UsageError} from '../errors.js'

export default class Oneshot extends BaseCommand {
  static override summary = 'Run one command as an ECS task and exit with its exit code.'
  static override description = `hako's flags go before FILE or between FILE and the command; the command starts at the first word that is not one of them (or after \`--\`) and keeps the rest: \`hako oneshot app.jsonnet -t v2 ls -l\` runs \`ls -l\` on tag v2. A flag after FILE that is not hako's is an error: write \`hako oneshot app.jsonnet -- cmd -x\`. The app container's log lines (awslogs driver) are streamed to stdout.
Exit code: the app container's exit code; 2 for a usage error (before anything runs); 127 when it has none (it never started, its image could not be pulled); 130 when interrupted before the task started.`
  static override examples = [
    '<%= config.bin %> oneshot --local examples/batch.jsonnet echo hello',
    '<%= config.bin %> oneshot -c redis -e RAILS_ENV=production app.jsonnet bundle exec rake db:migrate',
    '<%= config.bin %> oneshot app.jsonnet -t v2 rake db:migrate',
  ]
  static override strict = false
  static override args = {file: Args.string({description: 'definition file (.jsonnet or .json)', required: true})}
  static override flags = {
    ...definitionFlags,
    tag: Flags.string({char: 't', description: 'Image tag of the app container (overrides app.tag).'}),
    'dry-run': Flags.boolean({char: 'n', description: 'Print the task definition and docker run lines; run nothing.', default: false}),
    json: Flags.boolean({description: 'Print one JSON document on stdout at the end; logs stay on stderr.', default: false}),
    container: Flags.string({
      char: 'c',
      description: 'Sidecar to start with app (repeatable); what it links to comes along.',
      multiple: true,
      multipleNonGreedy: true,
      default: [],
    }),
    env: Flags.string({
      char: 'e',
      description: 'NAME=VALUE environment override of the app container (repeatable).',
      multiple: true,
      multipleNonGreedy: true,
      default: [],
    }),
    'app-cpu': Flags.integer({description: 'CPU units override of the app container.'}),
    'app-memory': Flags.integer({description: 'Memory (MiB) override of the app container.'}),
    'app-memory-reservation': Flags.integer({description: 'Memory reservation (MiB) override of the app container.'}),
    'no-wait': Flags.boolean({description: 'Print {"cluster":…,"task_arn":…} as JSON and exit 0 without waiting.', default: false}),
    logs: Flags.boolean({description: "Stream the app container's awslogs output to stdout.", default: true, allowNo: true}),
    timeout: Flags.integer({description: 'Seconds to wait for capacity when the Auto Scaling group must grow.', min: 1}),
  }

  async run(): Promise<void> {
    const split = splitOneshotArgv(this.argv)
    // The flags come normalised (`--tag=v2`), and `--` keeps a FILE that starts with a dash an argument.
    const {args, flags} = await this.parse(Oneshot, [...split.flags, ...(split.file === undefined ? [] : ['--', split.file])])
    if (split.command.length === 0) {
      throw new UsageError('oneshot needs a command after the definition file', {hint: 'hako oneshot app.jsonnet echo hello'})
    }
    const env = parsePairs('env', flags.env)
    const extStr = parsePairs('ext-str', flags['ext-str'])
    if (flags.json) this.json = {command: 'oneshot', files: [args.file]}
    const deps = await this.makeDeps(flags)
    const {oneshot} = await import('../app/oneshot.js')
    const result = await oneshot(deps, {
      file: args.file,
      command: split.command,
      containers: flags.container,
      env,
      tag: flags.tag,
      appCpu: flags['app-cpu'],
      appMemory: flags['app-memory'],
      appMemoryReservation: flags['app-memory-reservation'],
      dryRun: flags['dry-run'],
      noWait: flags['no-wait'],
      logs: flags.logs,
      extStr,
      jpath: flags.jpath,
      timeout: flags.timeout,
      signal: this.interruptSignal(),
      toolVersion: this.config.version,
    })
    if (flags.json)
      this.printJson({
        command: 'oneshot',
        file: args.file,
        outcome: flags['dry-run'] ? 'planned' : flags['no-wait'] ? 'started' : result.taskArn ? 'stopped' : 'not-started',
        ...result,
      })
    if (result.exitCode !== 0) this.exit(result.exitCode)
  }
}
