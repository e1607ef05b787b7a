/**
 * Classic ELB behind awsQuery: `POST /` with a form body `Action=…&Version=2012-06-01&…`, replies
 * as `<XResponse><XResult>…</XResult><ResponseMetadata>…` and errors as `<ErrorResponse>`.
 */
import {queryService} from '../query-protocol.js'
import {describeLoadBalancerAttributes, modifyLoadBalancerAttributes} from './attributes.js'
import {describeInstanceHealth, deregisterInstances, registerInstances} from './instances.js'
import * as loadBalancers from './loadBalancers.js'
import {addTags, describeTags, removeTags} from './tags.js'

export const ELB_VERSION = '2012-06-01'

const OPERATIONS = {
  CreateLoadBalancer: loadBalancers.createLoadBalancer,
  DescribeLoadBalancers: loadBalancers.describeLoadBalancers,
  DeleteLoadBalancer: loadBalancers.deleteLoadBalancer,
  CreateLoadBalancerListeners: loadBalancers.createLoadBalancerListeners,
  DeleteLoadBalancerListeners: loadBalancers.deleteLoadBalancerListeners,
  ConfigureHealthCheck: loadBalancers.configureHealthCheck,
  ApplySecurityGroupsToLoadBalancer: loadBalancers.applySecurityGroups,
  AttachLoadBalancerToSubnets: loadBalancers.attachToSubnets,
  DetachLoadBalancerFromSubnets: loadBalancers.detachFromSubnets,
  DescribeLoadBalancerAttributes: describeLoadBalancerAttributes,
  ModifyLoadBalancerAttributes: modifyLoadBalancerAttributes,
  AddTags: addTags,
  RemoveTags: removeTags,
  DescribeTags: describeTags,
  RegisterInstancesWithLoadBalancer: registerInstances,
  DeregisterInstancesFromLoadBalancer: deregisterInstances,
  DescribeInstanceHealth: describeInstanceHealth,
}

export const elbService = queryService({
  name: 'elb',
  version: ELB_VERSION,
  xmlns: `http://elasticloadbalancing.amazonaws.com/doc/${ELB_VERSION}/`,
  operations: OPERATIONS,
})
