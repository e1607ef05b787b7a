import {Flags} from '@oclif/core'

import {LOCAL_CREDENTIALS, LOCAL_SPEED, localStateDir} from '../../local/settings.js'
import {BaseCommand} from '../../base-command.js'

/** The variables the AWS SDKs and CLI read to reach an endpoint per service. */
const ENDPOINT_VARIABLES = [
  'AWS_ENDPOINT_URL_ECS',
  'AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2',
  'AWS_ENDPOINT_URL_ROUTE_53',
  'AWS_ENDPOINT_URL_S3',
  'AWS_ENDPOINT_URL_CLOUDWATCH_LOGS',
  'AWS_ENDPOINT_URL_SERVICEDISCOVERY',
]

export default class LocalServe extends BaseCommand {
  static override summary = 'Serve the local AWS simulator (ECS, ELBv2, Route 53, S3, CloudWatch Logs) for other tools.'
  static override description = `Prints the environment variables to export, then serves until Ctrl-C. State is shared with \`--local\` runs (.hako/local, or $HAKO_LOCAL_DIR). Unlike --local, nothing is created for you: the simulator is as strict as AWS (create clusters, buckets and hosted zones first).`
  static override examples = ['<%= config.bin %> local serve --port 4566', '<%= config.bin %> local serve --port 4566 > local-aws.env & sleep 2; . ./local-aws.env']
  static override flags = {
    port: Flags.integer({description: 'TCP port on 127.0.0.1 (0 picks a free one).', default: 0, min: 0, max: 65535}),
    speed: Flags.integer({description: 'How many times faster than real time the simulated clock runs.', default: LOCAL_SPEED, min: 1}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(LocalServe)
    const {startLocalAws, localClock} = await import('../../local/index.js')
    const dir = localStateDir()
    const local = await startLocalAws({dir, clock: localClock(dir, flags.speed), port: flags.port})
    const lines = [
      ...ENDPOINT_VARIABLES.map((name) => `export ${name}=${local.endpoint}`),
      `export AWS_ACCESS_KEY_ID=${LOCAL_CREDENTIALS.accessKeyId}`,
      `export AWS_SECRET_ACCESS_KEY=${LOCAL_CREDENTIALS.secretAccessKey}`,
      'export AWS_REGION=ap-northeast-1',
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
