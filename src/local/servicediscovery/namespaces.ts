/**
 * Private DNS namespaces: created asynchronously (visible once CREATE_NAMESPACE succeeded),
 * read by id, listed with TYPE / NAME filters.
 */
import {nextId} from '../ids.js'
import {CloudMapError, invalidInput, namespaceNotFound} from './errors.js'
import {startOperation} from './operations.js'
import {type CloudMapScope, cloudMapArn, filterValue, paginate} from './scope.js'
import type {NamespaceState} from './state.js'

const DNS_NAME = /^[!-~]{1,253}$/

/** The namespace if it exists (created and visible) in the request's region. */
export function findNamespace(scope: CloudMapScope, id: string): NamespaceState | undefined {
  const namespace = scope.state.namespaces[id]
  return namespace && namespace.region === scope.region && namespace.readyAt <= scope.now ? namespace : undefined
}

export function requireNamespace(scope: CloudMapScope, id: string | undefined): NamespaceState {
  const namespace = id ? findNamespace(scope, id) : undefined
  if (!namespace) throw namespaceNotFound(id ?? '')
  return namespace
}

function wire(scope: CloudMapScope, namespace: NamespaceState) {
  const {region: _region, readyAt: _readyAt, Vpc: _vpc, ...rest} = namespace
  const count = Object.values(scope.state.services).filter((s) => s.NamespaceId === namespace.Id).length
  return {...rest, ServiceCount: count}
}

export const namespaceHandlers = {
  CreatePrivateDnsNamespace(
    scope: CloudMapScope,
    input: {Name?: string; Vpc?: string; Description?: string; CreatorRequestId?: string; Properties?: {DnsProperties?: {SOA?: {TTL?: number}}}},
  ) {
    const name = input.Name ?? ''
    if (!DNS_NAME.test(name)) throw invalidInput('Name must be a DNS name of 1 to 253 characters.')
    if (!input.Vpc) throw invalidInput('Vpc is required.')
    const duplicate = Object.values(scope.state.namespaces).find((n) => n.region === scope.region && n.Name === name && n.Vpc === input.Vpc)
    if (duplicate) throw new CloudMapError('NamespaceAlreadyExists', `Namespace ${name} already exists in ${input.Vpc}: ${duplicate.Id}`)
    const id = `ns-${nextId(scope.world, 16)}`
    const operation = startOperation(scope, 'CREATE_NAMESPACE', {NAMESPACE: id})
    scope.state.namespaces[id] = {
      Id: id,
      Arn: cloudMapArn(scope, `namespace/${id}`),
      Name: name,
      Type: 'DNS_PRIVATE',
      ...(input.Description !== undefined ? {Description: input.Description} : {}),
      CreateDate: scope.now / 1000,
      ...(input.CreatorRequestId !== undefined ? {CreatorRequestId: input.CreatorRequestId} : {}),
      Properties: {DnsProperties: {HostedZoneId: `Z${nextId(scope.world, 20).toUpperCase()}`, SOA: {TTL: input.Properties?.DnsProperties?.SOA?.TTL ?? 15}}},
      Vpc: input.Vpc,
      region: scope.region,
      readyAt: operation.doneAt,
    }
    return {OperationId: operation.Id}
  },

  GetNamespace(scope: CloudMapScope, input: {Id?: string}) {
    return {Namespace: wire(scope, requireNamespace(scope, input.Id))}
  },

  ListNamespaces(scope: CloudMapScope, input: {Filters?: {Name?: string; Values?: string[]; Condition?: string}[]; NextToken?: string; MaxResults?: number}) {
    const types = filterValue(input.Filters, 'TYPE')
    const names = filterValue(input.Filters, 'NAME')
    const all = Object.values(scope.state.namespaces)
      .filter((n) => n.region === scope.region && n.readyAt <= scope.now)
      .filter((n) => !types || types.includes(n.Type))
      .filter((n) => !names || names.includes(n.Name))
      .map((n) => wire(scope, n))
    const {page, NextToken} = paginate(all, input)
    return {Namespaces: page, ...(NextToken ? {NextToken} : {})}
  },
}
