import {Args, Command, Help} from '@oclif/core'

/** `hako help [COMMAND]`, the same text as `hako [COMMAND] --help` (oclif's help plugin is not installed). */
export default class HelpCommand extends Command {
  static override summary = 'Show the help of hako, or of one command.'
  static override examples = ['<%= config.bin %> help', '<%= config.bin %> help deploy', '<%= config.bin %> help local serve']
  // `help local serve`: a command of a topic arrives as several words.
  static override strict = false
  static override args = {command: Args.string({description: 'command to show the help of (its words, as typed)', required: false})}

  async run(): Promise<void> {
    const {argv} = await this.parse(HelpCommand)
    const help = new Help(this.config, this.config.pjson.oclif.helpOptions)
    await help.showHelp(argv as string[])
  }
}
