import {Args, Flags} from '@oclif/core'

import {BaseCommand, definitionFlags, parsePairs} from '../base-command.js'
import {ConsoleReporter} from '../ui/console-reporter.js'

export default class ShowDefinition extends BaseCommand {
  static override summary = 'Print the evaluated definition as JSON.'
  static override description = 'Provider values are shown as ${NAME} placeholders unless --expand is given. Unknown keys are reported as warnings on stderr.'
  static override examples = ['<%= config.bin %> show-definition examples/hello.jsonnet', '<%= config.bin %> show-definition --expand examples/hello.jsonnet']
  static override args = {file: Args.string({description: 'definition file (.jsonnet or .json)', required: true})}
  static override flags = {
    ...definitionFlags,
    expand: Flags.boolean({description: 'Resolve provider values (reads the .env and other provider files).', default: false}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(ShowDefinition)
    this.verbose = flags.verbose
    const reporter = new ConsoleReporter({verbose: flags.verbose})
    const {showDefinition} = await import('../app/show-definition.js')
    const json = await showDefinition(reporter, {
      file: args.file,
      expand: flags.expand,
      extStr: parsePairs('ext-str', flags['ext-str']),
      jpath: flags.jpath,
    })
    reporter.output(json)
  }
}
