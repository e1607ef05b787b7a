import {Flags} from '@oclif/core'

import {endpointVariables} from '../../local/endpoints.js'
import {LOCAL_CREDENTIALS, LOCAL_SPEED, localStateDir} from '../../local/settings.js'
import {BaseCommand} from '../../base-command.js'

export default class LocalServe extends BaseCommand {
  static override summary = 'Serve the local AWS simulator (ECS, ELBv2, Route 53, S3, CloudWatch Logs, SSM, Secrets Manager, ...) for other tools.'
  static override description = `Prints the environment variables to export, then serves until Ctrl-C. State is shared with \`--local\` runs (.hako/local, or $HAKO_LOCAL_DIR). Unlike --local, nothing is created for you: the simulator is as strict as AWS (create clusters, buckets and hosted zones first).`
  static override examples = [
    '<%= config.bin %> local serve --port 4566',
    '<%= config.bin %> local serve --port 4566 > local-aws.env & sleep 2; . ./local-aws.env',
  ]
  static override flags = {
    port: Flags.integer({description: 'TCP port on 127.0.0.1 (0 picks a free one).', default: 0, min: 0, max: 65535}),
    speed: Flags.integer({description: 'How many times faster than real time the simulated clock runs.', default: LOCAL_SPEED, min: 1}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(LocalServe)
    const {startLocalAws, localClock, localServices, LOCAL_DEFAULT_REGION} = await import('../../local/index.js')
    const dir = localStateDir()
    const local = await startLocalAws({dir, clock: localClock(dir, flags.speed), port: flags.port})
    const lines = [
      ...endpointVariables(localServices).map((name) => `export ${name}=${local.endpoint}`),
      `export AWS_ACCESS_KEY_ID=${LOCAL_CREDENTIALS.accessKeyId}`,
      `export AWS_SECRET_ACCESS_KEY=${LOCAL_CREDENTIALS.secretAccessKey}`,
      // The SDKs read AWS_REGION, the AWS CLI AWS_DEFAULT_REGION.
      `export AWS_REGION=${LOCAL_DEFAULT_REGION}`,
      `export AWS_DEFAULT_REGION=${LOCAL_DEFAULT_REGION}`,
    ]
    process.stdout.write(lines.join('\n') + '\n')
    process.stderr.write(`local AWS serving on ${local.endpoint} (state in ${dir}); Ctrl-C to stop\n`)
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve)
      process.once('SIGTERM', resolve)
    })
    await local.close()
  }
}
