/**
 * Service events in the shapes ECS writes them, newest first, at most 100 kept.
 */
import type {World} from '../world.js'
import {uuid} from '../ids.js'
import {seconds} from './model.js'
import type {StoredService} from './state.js'

const MAX_EVENTS = 100

export function addEvent(world: World, stored: StoredService, now: number, message: string): void {
  stored.sim.events.unshift({id: uuid(world), createdAt: seconds(now), message})
  if (stored.sim.events.length > MAX_EVENTS) stored.sim.events.length = MAX_EVENTS
}

const taskId = (taskArn: string): string => taskArn.slice(taskArn.lastIndexOf('/') + 1)

export const messages = {
  started: (service: string, taskArns: string[]) =>
    `(service ${service}) has started ${taskArns.length} tasks: ${taskArns.map((a) => `(task ${taskId(a)})`).join(' ')}.`,
  stopped: (service: string, taskArns: string[]) =>
    `(service ${service}) has stopped ${taskArns.length} running tasks: ${taskArns.map((a) => `(task ${taskId(a)})`).join(' ')}.`,
  registered: (service: string, count: number, targetGroupArn: string) =>
    `(service ${service}) registered ${count} targets in (target-group ${targetGroupArn})`,
  deregistered: (service: string, count: number, targetGroupArn: string) =>
    `(service ${service}) deregistered ${count} targets in (target-group ${targetGroupArn})`,
  steady: (service: string) => `(service ${service}) has reached a steady state.`,
  completed: (service: string, deployment: string) => `(service ${service}) (deployment ${deployment}) deployment completed.`,
  failed: (service: string, deployment: string) => `(service ${service}) (deployment ${deployment}) deployment failed: tasks failed to start.`,
  rollingBack: (service: string, deployment: string, target: string) => `(service ${service}) (deployment ${deployment}) rolling back to deployment ${target}.`,
  unhealthyTarget: (service: string, port: number, targetGroupArn: string) =>
    `(service ${service}) (port ${port}) is unhealthy in (target-group ${targetGroupArn}) due to (reason Health checks failed).`,
  unhealthyContainer: (service: string, taskArn: string) => `(service ${service}) (task ${taskId(taskArn)}) failed container health checks.`,
  noInstance: (service: string, instanceArn: string, resource: string) =>
    `(service ${service}) was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance ${taskId(instanceArn)}) has insufficient ${resource} available. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.`,
  noInstances: (service: string) =>
    `(service ${service}) was unable to place a task because no container instance met all of its requirements. Reason: No Container Instances were found in your cluster. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.`,
  noCapacity: (service: string) =>
    `(service ${service}) was unable to place a task. Reason: Capacity is unavailable at this time. Please try again later or in a different availability zone. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.`,
}
