/** `hako local serve --port 0` as its own process, and the endpoint it announces on stdout. */
import {type RunningCli, startCli} from './cli.js'

export interface ServedLocalAws {
  cli: RunningCli
  endpoint: string
  /** SIGINT, then the exit; the server is expected to end by itself. */
  stop(): Promise<Awaited<RunningCli['exited']>>
}

export async function startLocalServe(localDir: string): Promise<ServedLocalAws> {
  const cli = startCli(['local', 'serve', '--port', '0'], {localDir, timeoutMs: 60_000})
  try {
    const [, endpoint] = await cli.waitFor('stdout', /^export AWS_ENDPOINT_URL_ECS=(http:\/\/127\.0\.0\.1:\d+)$/m)
    return {
      cli,
      endpoint: String(endpoint),
      stop: async () => {
        cli.child.kill('SIGINT')
        return cli.exited
      },
    }
  } catch (error) {
    cli.child.kill('SIGKILL')
    throw error
  }
}
