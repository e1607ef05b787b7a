// The explicit command list oclif loads (package.json `oclif.commands`): no directory scan at start-up.
import Deploy from './deploy.js'
import Diff from './diff.js'
import HelpCommand from './help.js'
import LocalServe from './local/serve.js'
import Oneshot from './oneshot.js'
import Remove from './remove.js'
import Rollback from './rollback.js'
import ShowDefinition from './show-definition.js'
import Status from './status.js'
import Stop from './stop.js'

export const COMMANDS = {
  deploy: Deploy,
  rollback: Rollback,
  oneshot: Oneshot,
  'show-definition': ShowDefinition,
  status: Status,
  remove: Remove,
  stop: Stop,
  diff: Diff,
  'local:serve': LocalServe,
  help: HelpCommand,
}
