import {Flags} from '@oclif/core'

import {BaseCommand, definitionFlags, definitionInput, dryRunFlag, fileArg} from '../base-command.js'

export default class Rollback extends BaseCommand {
  static override summary = 'Roll the service back to the previous task definition revision and wait until it is steady.'
  static override description =
    'The current revision is deregistered, so repeated rollbacks walk further back. Exit codes: 0 steady, 1 no service or nothing to roll back to, 6 did not settle, 130 interrupted.'
  static override examples = ['<%= config.bin %> rollback hello.jsonnet', '<%= config.bin %> rollback --dry-run hello.jsonnet']
  static override args = fileArg
  static override flags = {
    ...definitionFlags,
    ...dryRunFlag,
    timeout: Flags.integer({description: 'Seconds to wait for the rolled-back service to become steady.', default: 1200, min: 1}),
    json: Flags.boolean({description: 'Print one JSON document on stdout at the end; logs stay on stderr.', default: false}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Rollback)
    const input = definitionInput(args.file, flags)
    if (flags.json) this.json = {command: 'rollback', files: [args.file]}
    const deps = await this.makeDeps(flags)
    const {rollback} = await import('../app/rollback.js')
    const result = await rollback(deps, {
      ...input,
      dryRun: flags['dry-run'],
      timeoutSec: flags.timeout,
      signal: this.interruptSignal(),
    })
    if (flags.json)
      this.printJson({
        command: 'rollback',
        file: args.file,
        outcome: flags['dry-run'] ? 'planned' : result.exitCode === 0 ? 'rolled-back' : 'rollback-failed',
        ...result,
      })
    if (result.exitCode !== 0) this.exit(result.exitCode)
  }
}
