/**
 * The `Name` tag of the EC2 instances that `hako status` lists (hako printed it after the
 * instance id). Only a nicety: a role without ec2:DescribeInstances still gets the ids, with a
 * warning, and an instance gone since ECS reported it is shown without a name.
 */
import {awsCall, isAwsError} from '../errors.js'
import type {AwsClients} from '../aws/clients.js'
import type {Reporter} from '../ui/reporter.js'
import {lazySdk} from '../aws/lazy-sdk.js'

const ec2Sdk = () => lazySdk(() => import('@aws-sdk/client-ec2'))

/** DescribeInstances takes at most 1000 instance ids. */
export const INSTANCE_BATCH = 1000

const DENIED = ['UnauthorizedOperation', 'AccessDenied', 'AccessDeniedException']

function deniedError(error: unknown): boolean {
  return DENIED.some((name) => isAwsError(error, name))
}

/** The ids AWS names in `The instance ID 'i-1' does not exist` / `The instance IDs 'i-1, i-2' do not exist`. */
export function idsNamedMissing(message: string): string[] {
  return message.match(/\bi-[0-9a-f]+\b/g) ?? []
}

async function describeNames(clients: AwsClients, ids: string[]): Promise<Map<string, string>> {
  const [{DescribeInstancesCommand}, ec2] = await Promise.all([ec2Sdk(), clients.ec2()])
  const out = await awsCall('ec2:DescribeInstances', `${ids.length} instance(s)`, () => ec2.send(new DescribeInstancesCommand({InstanceIds: ids})))
  const names = new Map<string, string>()
  for (const reservation of out.Reservations ?? []) {
    for (const instance of reservation.Instances ?? []) {
      const name = instance.Tags?.find((tag) => tag.Key === 'Name')?.Value
      if (instance.InstanceId && name !== undefined) names.set(instance.InstanceId, name)
    }
  }
  return names
}

/** Instance id → its Name tag (instances without one are left out). */
export async function instanceNames(clients: AwsClients, ids: string[], reporter: Reporter): Promise<Map<string, string>> {
  const names = new Map<string, string>()
  for (let i = 0; i < ids.length; i += INSTANCE_BATCH) {
    let batch = ids.slice(i, i + INSTANCE_BATCH)
    try {
      for (const [id, name] of await describeNames(clients, batch)) names.set(id, name)
    } catch (error) {
      if (deniedError(error)) {
        reporter.warn(
          `ec2:DescribeInstances was denied (${(error as Error).message}); the tasks' EC2 instances are shown without their Name tag. Grant ec2:DescribeInstances to see it.`,
        )
        return names
      }
      if (!isAwsError(error, 'InvalidInstanceID.NotFound')) throw error
      // Terminated since ECS reported it: the others are asked for again, once.
      const gone = new Set(idsNamedMissing((error as Error).message))
      batch = batch.filter((id) => !gone.has(id))
      if (gone.size === 0 || batch.length === 0) continue
      try {
        for (const [id, name] of await describeNames(clients, batch)) names.set(id, name)
      } catch (again) {
        if (!isAwsError(again, 'InvalidInstanceID.NotFound')) throw again
      }
    }
  }
  return names
}
