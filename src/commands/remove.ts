import {BaseCommand, definitionFlags, definitionInput, dryRunFlag, fileArg} from '../base-command.js'

export default class Remove extends BaseCommand {
  static override summary = 'Delete the service, then what hako created around it: the load balancer, its target group and listeners, the DNS records.'
  static override description = 'Task definitions, log groups and the front configuration object are kept. A missing service is reported and the rest is still removed.'
  static override examples = ['<%= config.bin %> remove --dry-run hello.jsonnet', '<%= config.bin %> remove hello.jsonnet']
  static override args = fileArg
  static override flags = {...definitionFlags, ...dryRunFlag}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Remove)
    const input = definitionInput(args.file, flags)
    const deps = await this.makeDeps(flags)
    const {remove} = await import('../app/remove.js')
    const result = await remove(deps, {...input, dryRun: flags['dry-run']})
    if (result.exitCode !== 0) this.exit(result.exitCode)
  }
}
