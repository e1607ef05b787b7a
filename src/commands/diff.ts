import {Flags} from '@oclif/core'

import {BaseCommand, definitionFlags, definitionInput, fileArg} from '../base-command.js'

export default class Diff extends BaseCommand {
  static override summary = 'Show what a deploy would change, as unified diffs; exit 2 when something would change.'
  static override description =
    'The same plan `deploy --dry-run` shows (task definition, service parameters, load balancer, scripts), for pull-request checks. Exit codes: 0 no change, 2 changes (or a usage error), 1 error.'
  static override examples = ['<%= config.bin %> diff hello.jsonnet', '<%= config.bin %> diff --tag "$GIT_SHA" hello.jsonnet || test $? -eq 2']
  static override args = fileArg
  static override flags = {
    ...definitionFlags,
    tag: Flags.string({char: 't', description: 'Image tag of the app container (overrides app.tag).'}),
    json: Flags.boolean({description: 'Print one JSON document on stdout at the end; logs stay on stderr.', default: false}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Diff)
    const input = definitionInput(args.file, flags)
    if (flags.json) this.json = {command: 'diff', files: [args.file]}
    const deps = await this.makeDeps(flags)
    const {diff} = await import('../app/diff.js')
    const result = await diff(deps, {...input, tag: flags.tag, toolVersion: this.config.version})
    await this.appendStepSummary(result.markdown)
    if (flags.json) this.printJson({command: 'diff', file: args.file, outcome: result.changed ? 'changes' : 'unchanged', ...result})
    if (result.exitCode !== 0) this.exit(result.exitCode)
  }
}
