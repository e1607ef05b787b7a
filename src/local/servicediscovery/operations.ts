/**
 * Cloud Map's asynchronous operations: a write returns an OperationId at once and takes effect
 * when the operation succeeds, OPERATION_MS of simulated time later. Operations are settled
 * lazily, at the start of every request, from the clock.
 */
import {nextId} from '../ids.js'
import {operationNotFound} from './errors.js'
import type {CloudMapScope} from './scope.js'
import {OPERATION_MS, type OperationState} from './state.js'

export function startOperation(
  scope: CloudMapScope,
  type: OperationState['Type'],
  targets: Record<string, string>,
  change?: OperationState['change'],
): OperationState {
  const {state} = scope
  const failure = state.failNextOperations.shift()
  const operation: OperationState = {
    Id: nextId(scope.world),
    Type: type,
    Status: 'SUBMITTED',
    CreateDate: scope.now / 1000,
    UpdateDate: scope.now / 1000,
    Targets: targets,
    region: scope.region,
    doneAt: scope.now + OPERATION_MS,
    ...(change ? {change} : {}),
    ...(failure ? {failure} : {}),
  }
  state.operations[operation.Id] = operation
  return operation
}

/** Brings every operation up to `now`: PENDING once submitted, then SUCCESS (applying it) or FAIL. */
export function settleOperations(scope: CloudMapScope): void {
  for (const operation of Object.values(scope.state.operations)) {
    if (operation.Status === 'SUCCESS' || operation.Status === 'FAIL') continue
    if (operation.doneAt > scope.now) {
      if (operation.Status === 'SUBMITTED' && scope.now > operation.CreateDate * 1000) {
        operation.Status = 'PENDING'
        operation.UpdateDate = scope.now / 1000
      }
      continue
    }
    operation.UpdateDate = operation.doneAt / 1000
    if (operation.failure) {
      operation.Status = 'FAIL'
      operation.ErrorCode = operation.failure.ErrorCode
      operation.ErrorMessage = operation.failure.ErrorMessage
      continue
    }
    operation.Status = 'SUCCESS'
    applyChange(scope, operation)
  }
}

function applyChange(scope: CloudMapScope, operation: OperationState): void {
  if (operation.Type !== 'UPDATE_SERVICE' || !operation.change) return
  const service = scope.state.services[operation.Targets.SERVICE ?? '']
  if (!service) return
  const {Description, DnsRecords} = operation.change
  // Cloud Map replaces what UpdateService carries; an omitted description is removed.
  if (Description === undefined) delete service.Description
  else service.Description = Description
  if (DnsRecords) service.DnsConfig.DnsRecords = DnsRecords
}

export const operationHandlers = {
  GetOperation(scope: CloudMapScope, input: {OperationId?: string}) {
    const operation = scope.state.operations[input.OperationId ?? '']
    if (!operation || operation.region !== scope.region) throw operationNotFound(input.OperationId ?? '')
    const {region: _region, doneAt: _doneAt, change: _change, failure: _failure, ...wire} = operation
    return {Operation: wire}
  },
}
