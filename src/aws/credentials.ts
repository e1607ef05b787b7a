/**
 * Whether the SDK's credential chain finds anything, asked before a dry run reads AWS: with none, a
 * dry run plans from the definition alone instead of failing on its first call.
 */
import type {AwsClients} from './clients.js'

/** Undefined when credentials resolve; otherwise why not, in one line. */
export async function missingCredentials(clients: AwsClients): Promise<string | undefined> {
  try {
    const credentials = await clients.ecs.config.credentials()
    return credentials.accessKeyId ? undefined : 'the credential chain returned no access key'
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error'
    if (name !== 'CredentialsProviderError') throw error
    return (error as Error).message.split('\n')[0]
  }
}
