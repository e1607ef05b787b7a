/**
 * ELBv2 behind awsQuery: `POST /` with a form body `Action=…&Version=2015-12-01&…`, replies as
 * `<XResponse><XResult>…</XResult><ResponseMetadata>…` and errors as `<ErrorResponse>`.
 */
import {notImplementedResponse} from '../server.js'
import {escapeXml, xmlDocument, type XmlObject} from '../s3/xml.js'
import type {LocalContext, LocalRequest, LocalResponse, LocalService} from '../types.js'
import {Elbv2Error} from './errors.js'
import * as listeners from './listeners.js'
import * as loadBalancers from './loadBalancers.js'
import {parseQueryForm, type QueryInput} from './query.js'
import * as tags from './tags.js'
import * as targetGroups from './targetGroups.js'

export const ELBV2_VERSION = '2015-12-01'
const XMLNS = `http://elasticloadbalancing.amazonaws.com/doc/${ELBV2_VERSION}/`

type Operation = (input: QueryInput, context: LocalContext) => XmlObject

const OPERATIONS: Record<string, Operation> = {
  CreateLoadBalancer: loadBalancers.createLoadBalancer,
  DescribeLoadBalancers: loadBalancers.describeLoadBalancers,
  DeleteLoadBalancer: loadBalancers.deleteLoadBalancer,
  DescribeLoadBalancerAttributes: loadBalancers.describeLoadBalancerAttributes,
  ModifyLoadBalancerAttributes: loadBalancers.modifyLoadBalancerAttributes,
  SetSubnets: loadBalancers.setSubnets,
  SetSecurityGroups: loadBalancers.setSecurityGroups,
  CreateTargetGroup: targetGroups.createTargetGroup,
  DescribeTargetGroups: targetGroups.describeTargetGroups,
  ModifyTargetGroup: targetGroups.modifyTargetGroup,
  DeleteTargetGroup: targetGroups.deleteTargetGroup,
  DescribeTargetGroupAttributes: targetGroups.describeTargetGroupAttributes,
  ModifyTargetGroupAttributes: targetGroups.modifyTargetGroupAttributes,
  RegisterTargets: targetGroups.registerTargetsOperation,
  DeregisterTargets: targetGroups.deregisterTargetsOperation,
  DescribeTargetHealth: targetGroups.describeTargetHealth,
  CreateListener: listeners.createListener,
  DescribeListeners: listeners.describeListeners,
  ModifyListener: listeners.modifyListener,
  DeleteListener: listeners.deleteListener,
  CreateRule: listeners.createRule,
  DescribeRules: listeners.describeRules,
  ModifyRule: listeners.modifyRule,
  DeleteRule: listeners.deleteRule,
  SetRulePriorities: listeners.setRulePriorities,
  AddTags: tags.addTags,
  RemoveTags: tags.removeTags,
  DescribeTags: tags.describeTags,
}

/** Only the head of the body is looked at: Action and Version come first in what the SDK sends. */
export function formFields(request: LocalRequest): URLSearchParams | undefined {
  if (request.method !== 'POST' || request.headers['x-amz-target'] !== undefined) return undefined
  const type = String(request.headers['content-type'] ?? '')
  if (!type.startsWith('application/x-www-form-urlencoded')) return undefined
  return new URLSearchParams(request.body.toString('utf8'))
}

function action(request: LocalRequest): string {
  return formFields(request)?.get('Action') ?? ''
}

function errorReply(error: Elbv2Error): LocalResponse {
  return {
    status: error.status,
    headers: {'content-type': 'text/xml'},
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message></Error><RequestId>local</RequestId></ErrorResponse>`,
  }
}

export const elbv2Service: LocalService = {
  name: 'elbv2',
  matches(request) {
    const fields = formFields(request)
    return fields !== undefined && fields.has('Action') && fields.get('Version') === ELBV2_VERSION
  },
  operation: action,
  input: (request) => {
    const {Action: _action, Version: _version, ...rest} = parseQueryForm(request.body)
    return rest
  },
  handle(request, context) {
    const name = action(request)
    const operation = OPERATIONS[name]
    if (!operation) return notImplementedResponse('elbv2', name)
    try {
      const result = operation(parseQueryForm(request.body), context)
      return {
        status: 200,
        headers: {'content-type': 'text/xml'},
        body: xmlDocument(`${name}Response`, {[`${name}Result`]: result, ResponseMetadata: {RequestId: 'local'}}, XMLNS),
      }
    } catch (error) {
      if (error instanceof Elbv2Error) return errorReply(error)
      throw error
    }
  },
}
