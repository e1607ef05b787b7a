import {BaseCommand, definitionFlags, definitionInput, dryRunFlag, fileArg} from '../base-command.js'

export default class Stop extends BaseCommand {
  static override summary = "Set the service's desired count to 0."
  static override description = 'A missing service is reported and is not an error. A DAEMON service cannot be stopped: use `hako remove`.'
  static override examples = ['<%= config.bin %> stop hello.jsonnet']
  static override args = fileArg
  static override flags = {...definitionFlags, ...dryRunFlag}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Stop)
    const input = definitionInput(args.file, flags)
    const deps = await this.makeDeps(flags)
    const {stop} = await import('../app/stop.js')
    const result = await stop(deps, {...input, dryRun: flags['dry-run']})
    if (result.exitCode !== 0) this.exit(result.exitCode)
  }
}
