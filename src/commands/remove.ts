import {Flags} from '@oclif/core'

import {BaseCommand, definitionFlags, definitionInput, dryRunFlag, fileArg} from '../base-command.js'

export default class Remove extends BaseCommand {
  static override summary = 'Delete the service, then what hako created around it: the load balancer, its target group and listeners, the DNS records.'
  static override description =
    'Task definitions, log groups and the front configuration object are kept. A missing service is reported and the rest is still removed.'
  static override examples = ['<%= config.bin %> remove --dry-run hello.jsonnet', '<%= config.bin %> remove hello.jsonnet']
  static override args = fileArg
  static override flags = {
    ...definitionFlags,
    ...dryRunFlag,
    json: Flags.boolean({description: 'Print one JSON document on stdout at the end; logs stay on stderr.', default: false}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Remove)
    const input = definitionInput(args.file, flags)
    if (flags.json) this.json = {command: 'remove', files: [args.file]}
    const deps = await this.makeDeps(flags)
    const {remove} = await import('../app/remove.js')
    const result = await remove(deps, {...input, dryRun: flags['dry-run']})
    if (flags.json) this.printJson({command: 'remove', file: args.file, outcome: result.service, ...result})
    if (result.exitCode !== 0) this.exit(result.exitCode)
  }
}
