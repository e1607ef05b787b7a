/**
 * Instances of a service: listed, and registered or deregistered through the API (ECS registers
 * its tasks directly, see ecs-tasks.ts).
 */
import {CloudMapError, invalidInput} from './errors.js'
import {startOperation} from './operations.js'
import {type CloudMapScope, paginate} from './scope.js'
import {requireService} from './services.js'

const INSTANCE_ID = /^[0-9a-zA-Z_/:.@-]{1,64}$/

export const instanceHandlers = {
  ListInstances(scope: CloudMapScope, input: {ServiceId?: string; NextToken?: string; MaxResults?: number}) {
    const service = requireService(scope, input.ServiceId)
    const all = Object.values(service.instances).map((i) => ({Id: i.Id, Attributes: i.Attributes}))
    const {page, NextToken} = paginate(all, input)
    return {Instances: page, ...(NextToken ? {NextToken} : {})}
  },

  RegisterInstance(scope: CloudMapScope, input: {ServiceId?: string; InstanceId?: string; CreatorRequestId?: string; Attributes?: Record<string, string>}) {
    const service = requireService(scope, input.ServiceId)
    const id = input.InstanceId ?? ''
    if (!INSTANCE_ID.test(id)) throw invalidInput('InstanceId must be 1 to 64 characters of letters, digits and _/:.@-')
    const attributes = input.Attributes ?? {}
    const types = service.DnsConfig.DnsRecords.map((r) => r.Type)
    if ((types.includes('A') || types.includes('SRV')) && !attributes.AWS_INSTANCE_IPV4 && !attributes.AWS_INSTANCE_IPV6) {
      throw invalidInput('AWS_INSTANCE_IPV4 (or AWS_INSTANCE_IPV6) is required for A and SRV records.')
    }
    if (types.includes('SRV') && !attributes.AWS_INSTANCE_PORT) throw invalidInput('AWS_INSTANCE_PORT is required for SRV records.')
    service.instances[id] = {Id: id, Attributes: {...attributes}, ...(input.CreatorRequestId ? {CreatorRequestId: input.CreatorRequestId} : {})}
    const operation = startOperation(scope, 'REGISTER_INSTANCE', {SERVICE: service.Id, INSTANCE: id})
    return {OperationId: operation.Id}
  },

  DeregisterInstance(scope: CloudMapScope, input: {ServiceId?: string; InstanceId?: string}) {
    const service = requireService(scope, input.ServiceId)
    const id = input.InstanceId ?? ''
    if (!service.instances[id]) throw new CloudMapError('InstanceNotFound', `Instance ${id} not found in service ${service.Id}`)
    delete service.instances[id]
    const operation = startOperation(scope, 'DEREGISTER_INSTANCE', {SERVICE: service.Id, INSTANCE: id})
    return {OperationId: operation.Id}
  },
}
