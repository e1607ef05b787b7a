/** Classic load balancers as awsQuery XML (lists as `<member>`). */
import {isoTime, members, type XmlObject} from '../xml.js'
import type {ClassicAttributesState, ClassicHealthCheckState, ClassicListenerState, ClassicLoadBalancerState} from './state.js'

export function listenerXml(listener: ClassicListenerState): XmlObject {
  return {
    Protocol: listener.protocol,
    LoadBalancerPort: listener.loadBalancerPort,
    InstanceProtocol: listener.instanceProtocol,
    InstancePort: listener.instancePort,
    SSLCertificateId: listener.sslCertificateId,
  }
}

export function healthCheckXml(check: ClassicHealthCheckState): XmlObject {
  return {
    Target: check.target,
    Interval: check.interval,
    Timeout: check.timeout,
    UnhealthyThreshold: check.unhealthyThreshold,
    HealthyThreshold: check.healthyThreshold,
  }
}

export function loadBalancerXml(lb: ClassicLoadBalancerState, accountId: string): XmlObject {
  return {
    LoadBalancerName: lb.name,
    DNSName: lb.dnsName,
    // AWS gives internal load balancers no public hosted zone name.
    CanonicalHostedZoneName: lb.scheme === 'internal' ? undefined : lb.dnsName,
    CanonicalHostedZoneNameID: lb.canonicalHostedZoneNameId,
    ListenerDescriptions: members(lb.listeners.map((listener) => ({Listener: listenerXml(listener), PolicyNames: members([])}))),
    Policies: {AppCookieStickinessPolicies: members([]), LBCookieStickinessPolicies: members([]), OtherPolicies: members([])},
    BackendServerDescriptions: members([]),
    AvailabilityZones: members(lb.zones),
    Subnets: members(lb.subnets),
    VPCId: lb.vpcId,
    Instances: members(lb.instances.map((i) => ({InstanceId: i.instanceId}))),
    HealthCheck: healthCheckXml(lb.healthCheck),
    SourceSecurityGroup: {OwnerAlias: accountId, GroupName: 'default'},
    SecurityGroups: members(lb.securityGroups),
    CreatedTime: isoTime(lb.createdAt),
    Scheme: lb.scheme,
  }
}

export function attributesXml(attributes: ClassicAttributesState): XmlObject {
  const log = attributes.accessLog
  return {
    CrossZoneLoadBalancing: {Enabled: attributes.crossZoneLoadBalancing},
    AccessLog: {Enabled: log.enabled, S3BucketName: log.s3BucketName, EmitInterval: log.emitInterval, S3BucketPrefix: log.s3BucketPrefix},
    ConnectionDraining: {Enabled: attributes.connectionDraining.enabled, Timeout: attributes.connectionDraining.timeout},
    ConnectionSettings: {IdleTimeout: attributes.idleTimeout},
    AdditionalAttributes: members(attributes.additional.map((a) => ({Key: a.key, Value: a.value}))),
  }
}
