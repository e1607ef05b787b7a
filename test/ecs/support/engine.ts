/**
 * The local AWS on a VirtualClock with real SDK clients, plus SDK-shaped inputs for one small app.
 */
import type {CreateServiceCommandInput, RegisterTaskDefinitionCommandInput, UpdateServiceCommandInput} from '@aws-sdk/client-ecs'
import type {AwsClients} from '../../../src/aws/clients.js'
import type {VirtualClock} from '../../../src/clock.js'
import type {LocalAws} from '../../../src/local/index.js'
import {startTestAws} from '../../local/support/local-aws.js'

export const CLUSTER = 'default'

export interface Engine {
  aws: LocalAws
  clock: VirtualClock
  clients: AwsClients
  close(): Promise<void>
}

export async function startEngine(): Promise<Engine> {
  // maxAttempts 1 (startTestAws's default): the SDK's own retries would sleep in real time; our poller retries on the virtual clock.
  const engine = await startTestAws()
  await engine.aws.ensureCluster(CLUSTER)
  return engine
}

export function taskDefinition(image: string, extra: Partial<RegisterTaskDefinitionCommandInput> = {}): RegisterTaskDefinitionCommandInput {
  return {
    family: 'hello',
    containerDefinitions: [{name: 'app', image, cpu: 32, memory: 64, portMappings: [{containerPort: 80}]}],
    tags: [{key: 'hako:version', value: '0.0.0-test'}],
    ...extra,
  }
}

export function createInput(taskDefinitionArn: string, extra: Partial<CreateServiceCommandInput> = {}): CreateServiceCommandInput {
  return {
    cluster: CLUSTER,
    serviceName: 'hello',
    taskDefinition: taskDefinitionArn,
    desiredCount: 2,
    propagateTags: 'TASK_DEFINITION',
    ...extra,
  }
}

export function updateInput(taskDefinitionArn: string, extra: Partial<UpdateServiceCommandInput> = {}): UpdateServiceCommandInput {
  return {cluster: CLUSTER, service: 'hello', taskDefinition: taskDefinitionArn, desiredCount: 2, ...extra}
}
