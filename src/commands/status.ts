import {Flags} from '@oclif/core'

import {BaseCommand, definitionFlags, definitionInput, fileArg} from '../base-command.js'
import {renderStatus} from '../ui/status-report.js'

export default class Status extends BaseCommand {
  static override summary = "Show the service's load balancer, deployments, tasks and latest events."
  static override description = 'Exits 1 (printing `Unavailable`) when the service does not exist. Provider values are never read.'
  static override examples = ['<%= config.bin %> status hello.jsonnet', '<%= config.bin %> status --json hello.jsonnet | jq .deployments']
  static override args = fileArg
  static override flags = {
    ...definitionFlags,
    json: Flags.boolean({description: 'Print the status as JSON.', default: false}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Status)
    const input = definitionInput(args.file, flags)
    const deps = await this.makeDeps(flags)
    const {status} = await import('../app/status.js')
    const result = await status(deps, input)
    deps.reporter.output(flags.json ? JSON.stringify(result.report, null, 2) : renderStatus(result.report))
    if (result.exitCode !== 0) this.exit(result.exitCode)
  }
}
