// The explicit command list oclif loads (package.json `oclif.commands`): no directory scan at start-up.
import Deploy from './deploy.js'
import LocalServe from './local/serve.js'
import Oneshot from './oneshot.js'
import ShowDefinition from './show-definition.js'

export const COMMANDS = {
  deploy: Deploy,
  oneshot: Oneshot,
  'show-definition': ShowDefinition,
  'local:serve': LocalServe,
}
