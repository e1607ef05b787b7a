/**
 * ELBv2 behind awsQuery: `POST /` with a form body `Action=…&Version=2015-12-01&…`, replies as
 * `<XResponse><XResult>…</XResult><ResponseMetadata>…` and errors as `<ErrorResponse>`.
 */
import {queryService} from '../query-protocol.js'
import * as listeners from './listeners.js'
import * as loadBalancers from './loadBalancers.js'
import * as tags from './tags.js'
import * as targetGroups from './targetGroups.js'

export const ELBV2_VERSION = '2015-12-01'

const OPERATIONS = {
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

export const elbv2Service = queryService({
  name: 'elbv2',
  version: ELBV2_VERSION,
  xmlns: `http://elasticloadbalancing.amazonaws.com/doc/${ELBV2_VERSION}/`,
  operations: OPERATIONS,
})
