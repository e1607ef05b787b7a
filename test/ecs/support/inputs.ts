/** SDK-shaped inputs for one small app on the `default` cluster of the local AWS. */
import type {CreateServiceCommandInput, RegisterTaskDefinitionCommandInput, UpdateServiceCommandInput} from '@aws-sdk/client-ecs'

export const CLUSTER = 'default'

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
