/**
 * Cloud Map services in a private DNS namespace: create, read, list by namespace, update (through
 * an UPDATE_SERVICE operation) and delete (refused while instances are registered).
 */
import {nextId} from '../ids.js'
import {CloudMapError, invalidInput, serviceNotFound} from './errors.js'
import {requireNamespace} from './namespaces.js'
import {startOperation} from './operations.js'
import {type CloudMapScope, cloudMapArn, filterValue, paginate} from './scope.js'
import type {DnsRecordState, ServiceState} from './state.js'

interface WireDnsRecord {
  Type?: string
  TTL?: number
}

const SERVICE_NAME =
  /^((?=^.{1,127}$)^([a-zA-Z0-9_][a-zA-Z0-9-_]{0,61}[a-zA-Z0-9_]|[a-zA-Z0-9])(\.([a-zA-Z0-9_][a-zA-Z0-9-_]{0,61}[a-zA-Z0-9_]|[a-zA-Z0-9]))*$)$/
const RECORD_TYPES = ['SRV', 'A', 'AAAA', 'CNAME']

function dnsRecords(records: WireDnsRecord[] | undefined, routingPolicy: string): DnsRecordState[] {
  if (!records?.length) throw invalidInput('DnsConfig.DnsRecords must contain at least one record.')
  const out = records.map((record) => {
    if (!record.Type || !RECORD_TYPES.includes(record.Type)) throw invalidInput(`DnsRecord Type must be one of ${RECORD_TYPES.join(', ')}.`)
    if (record.TTL === undefined || !Number.isInteger(record.TTL) || record.TTL < 0 || record.TTL > 2147483647) {
      throw invalidInput('DnsRecord TTL must be an integer from 0 to 2147483647.')
    }
    return {Type: record.Type, TTL: record.TTL}
  })
  const types = out.map((r) => r.Type)
  if (new Set(types).size !== types.length) throw invalidInput('DnsRecords can contain each record type only once.')
  if (types.includes('CNAME') && (types.length > 1 || routingPolicy !== 'WEIGHTED')) {
    throw invalidInput('A CNAME record must be the only record and requires the WEIGHTED routing policy.')
  }
  return out
}

export function requireService(scope: CloudMapScope, id: string | undefined): ServiceState {
  const service = scope.state.services[id ?? '']
  if (!service || service.region !== scope.region) throw serviceNotFound(id ?? '')
  return service
}

function wire(service: ServiceState) {
  const {region: _region, instances, ...rest} = service
  return {...rest, InstanceCount: Object.keys(instances).length}
}

interface CreateServiceInput {
  Name?: string
  NamespaceId?: string
  CreatorRequestId?: string
  Description?: string
  DnsConfig?: {NamespaceId?: string; RoutingPolicy?: string; DnsRecords?: WireDnsRecord[]}
  HealthCheckConfig?: unknown
  HealthCheckCustomConfig?: {FailureThreshold?: number}
  Type?: string
}

export const serviceHandlers = {
  CreateService(scope: CloudMapScope, input: CreateServiceInput) {
    const name = input.Name ?? ''
    if (!SERVICE_NAME.test(name)) throw invalidInput(`Service name ${JSON.stringify(name)} is not a valid DNS label sequence.`)
    const namespace = requireNamespace(scope, input.NamespaceId ?? input.DnsConfig?.NamespaceId)
    if (!input.DnsConfig) throw invalidInput('DnsConfig is required for a service in a DNS namespace.')
    if (input.HealthCheckConfig !== undefined && input.HealthCheckCustomConfig !== undefined) {
      throw invalidInput('HealthCheckConfig and HealthCheckCustomConfig cannot both be specified.')
    }
    if (input.HealthCheckConfig !== undefined) throw invalidInput('HealthCheckConfig (Route 53 health checks) is not valid in a private DNS namespace.')
    const threshold = input.HealthCheckCustomConfig?.FailureThreshold
    if (threshold !== undefined && (!Number.isInteger(threshold) || threshold < 1 || threshold > 10)) {
      throw invalidInput('HealthCheckCustomConfig.FailureThreshold must be from 1 to 10.')
    }
    const routingPolicy = input.DnsConfig.RoutingPolicy ?? 'MULTIVALUE'
    if (routingPolicy !== 'MULTIVALUE' && routingPolicy !== 'WEIGHTED') throw invalidInput('RoutingPolicy must be MULTIVALUE or WEIGHTED.')
    const records = dnsRecords(input.DnsConfig.DnsRecords, routingPolicy)
    const existing = Object.values(scope.state.services).find((s) => s.NamespaceId === namespace.Id && s.Name.toLowerCase() === name.toLowerCase())
    if (existing) throw new CloudMapError('ServiceAlreadyExists', `Service ${name} already exists in namespace ${namespace.Id}: ${existing.Id}`)
    const id = `srv-${nextId(scope.world, 16)}`
    const service: ServiceState = {
      Id: id,
      Arn: cloudMapArn(scope, `service/${id}`),
      Name: name,
      NamespaceId: namespace.Id,
      ...(input.Description !== undefined ? {Description: input.Description} : {}),
      DnsConfig: {NamespaceId: namespace.Id, RoutingPolicy: routingPolicy, DnsRecords: records},
      ...(input.HealthCheckCustomConfig ? {HealthCheckCustomConfig: {...input.HealthCheckCustomConfig}} : {}),
      Type: 'DNS_HTTP',
      CreateDate: scope.now / 1000,
      ...(input.CreatorRequestId !== undefined ? {CreatorRequestId: input.CreatorRequestId} : {}),
      region: scope.region,
      instances: {},
    }
    scope.state.services[id] = service
    const {InstanceCount: _count, ...reply} = wire(service)
    return {Service: reply}
  },

  GetService(scope: CloudMapScope, input: {Id?: string}) {
    return {Service: wire(requireService(scope, input.Id))}
  },

  ListServices(scope: CloudMapScope, input: {Filters?: {Name?: string; Values?: string[]; Condition?: string}[]; NextToken?: string; MaxResults?: number}) {
    const namespaces = filterValue(input.Filters, 'NAMESPACE_ID')
    const all = Object.values(scope.state.services)
      .filter((s) => s.region === scope.region && (!namespaces || namespaces.includes(s.NamespaceId)))
      .map((s) => {
        const {NamespaceId: _ns, CreatorRequestId: _creator, ...summary} = wire(s)
        return summary
      })
    const {page, NextToken} = paginate(all, input)
    return {Services: page, ...(NextToken ? {NextToken} : {})}
  },

  UpdateService(
    scope: CloudMapScope,
    input: {Id?: string; Service?: {Description?: string; DnsConfig?: {DnsRecords?: WireDnsRecord[]}; HealthCheckConfig?: unknown}},
  ) {
    const service = requireService(scope, input.Id)
    if (!input.Service) throw invalidInput('Service is required.')
    if (input.Service.HealthCheckConfig !== undefined) throw invalidInput('HealthCheckConfig is not valid in a private DNS namespace.')
    const records = input.Service.DnsConfig ? dnsRecords(input.Service.DnsConfig.DnsRecords, service.DnsConfig.RoutingPolicy) : undefined
    const operation = startOperation(
      scope,
      'UPDATE_SERVICE',
      {SERVICE: service.Id},
      {
        ...(input.Service.Description !== undefined ? {Description: input.Service.Description} : {}),
        ...(records ? {DnsRecords: records} : {}),
      },
    )
    return {OperationId: operation.Id}
  },

  DeleteService(scope: CloudMapScope, input: {Id?: string}) {
    const service = requireService(scope, input.Id)
    const count = Object.keys(service.instances).length
    if (count > 0) throw new CloudMapError('ResourceInUse', `Service ${service.Id} has ${count} registered instance(s); deregister them first.`)
    delete scope.state.services[service.Id]
    return {}
  },
}
