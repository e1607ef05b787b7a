/**
 * `hako remove`: the scalable target is deregistered before the service is scaled to zero and
 * deleted, or Application Auto Scaling would scale it back up to its minimum meanwhile. Its
 * policies go with it; the alarms stay (AWS drops the policies' ARNs from their actions).
 */
import {DeregisterScalableTargetCommand} from '@aws-sdk/client-application-auto-scaling'

import type {AwsClients} from '../aws/clients.js'
import {awsCall, isAwsError} from '../errors.js'
import {resourceIdOf, SCALABLE_DIMENSION, SERVICE_NAMESPACE} from './names.js'
import {readPolicies, readScalableTarget} from './read.js'

export interface RemoveAutoscalingOptions {
  dryRun?: boolean
}

/** What was (or, in a dry run, would be) removed, one line each; [] when there is no scalable target. */
export async function removeAutoscaling(clients: AwsClients, cluster: string, service: string, options: RemoveAutoscalingOptions = {}): Promise<string[]> {
  const aas = clients.applicationAutoScaling
  const resourceId = resourceIdOf(cluster, service)
  const target = await readScalableTarget(aas, resourceId)
  if (!target) return []
  const policies = (await readPolicies(aas, resourceId)).map((p) => p.PolicyName ?? '?')
  const withPolicies = policies.length > 0 ? ` and its scaling policies ${policies.join(', ')}` : ''
  if (options.dryRun) return [`would deregister scalable target ${resourceId}${withPolicies}`]
  try {
    await awsCall('application-autoscaling:DeregisterScalableTarget', resourceId, () =>
      aas.send(new DeregisterScalableTargetCommand({ServiceNamespace: SERVICE_NAMESPACE, ResourceId: resourceId, ScalableDimension: SCALABLE_DIMENSION})),
    )
  } catch (error) {
    // Gone meanwhile (AWS also deregisters the target of a deleted service): nothing left to do.
    if (!isAwsError(error, 'ObjectNotFoundException')) throw error
    return []
  }
  return [`deregistered scalable target ${resourceId}${withPolicies}`]
}
