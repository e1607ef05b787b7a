import {Flags} from '@oclif/core'

import {BaseCommand, definitionFlags, definitionInput, dryRunFlag, fileArg} from '../base-command.js'

export default class Stop extends BaseCommand {
  static override summary = "Set the service's desired count to 0."
  static override description = 'A missing service is reported and is not an error. A DAEMON service cannot be stopped: use `hako remove`.'
  static override examples = ['<%= config.bin %> stop hello.jsonnet']
  static override args = fileArg
  static override flags = {
    ...definitionFlags,
    ...dryRunFlag,
    json: Flags.boolean({description: 'Print one JSON document on stdout at the end; logs stay on stderr.', default: false}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Stop)
    const input = definitionInput(args.file, flags)
    if (flags.json) this.json = {command: 'stop', files: [args.file]}
    const deps = await this.makeDeps(flags)
    const {stop} = await import('../app/stop.js')
    const result = await stop(deps, {...input, dryRun: flags['dry-run']})
    if (flags.json) this.printJson({command: 'stop', file: args.file, ...result})
    if (result.exitCode !== 0) this.exit(result.exitCode)
  }
}
