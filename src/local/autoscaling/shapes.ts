/** A stored group as DescribeAutoScalingGroups writes it (awsQuery XML, `member` lists). */
import {isoTime, members, type XmlObject} from '../xml.js'
import {LOCAL_ACCOUNT_ID} from '../types.js'
import type {AutoScalingGroupState, GroupInstance} from './state.js'

function launchTemplateXml(group: AutoScalingGroupState): XmlObject | undefined {
  const template = group.launchTemplate
  if (!template) return undefined
  return {LaunchTemplateId: template.id, LaunchTemplateName: template.name, Version: template.version}
}

function instanceXml(group: AutoScalingGroupState, instance: GroupInstance): XmlObject {
  return {
    InstanceId: instance.instanceId,
    InstanceType: instance.instanceType,
    AvailabilityZone: instance.availabilityZone,
    LifecycleState: instance.lifecycleState,
    HealthStatus: 'Healthy',
    LaunchConfigurationName: group.launchConfigurationName,
    LaunchTemplate: launchTemplateXml(group),
    ProtectedFromScaleIn: false,
  }
}

export function groupXml(group: AutoScalingGroupState): XmlObject {
  return {
    AutoScalingGroupName: group.name,
    AutoScalingGroupARN: group.arn,
    LaunchConfigurationName: group.launchConfigurationName,
    LaunchTemplate: launchTemplateXml(group),
    MinSize: group.minSize,
    MaxSize: group.maxSize,
    DesiredCapacity: group.desiredCapacity,
    DefaultCooldown: group.defaultCooldown,
    AvailabilityZones: members(group.availabilityZones),
    LoadBalancerNames: members([]),
    TargetGroupARNs: members([]),
    HealthCheckType: group.healthCheckType,
    HealthCheckGracePeriod: group.healthCheckGracePeriod,
    Instances: members(group.instances.map((instance) => instanceXml(group, instance))),
    CreatedTime: isoTime(group.createdAt),
    SuspendedProcesses: members([]),
    VPCZoneIdentifier: group.vpcZoneIdentifier,
    EnabledMetrics: members([]),
    Tags: members(
      group.tags.map((tag) => ({
        ResourceId: group.name,
        ResourceType: 'auto-scaling-group',
        Key: tag.key,
        Value: tag.value,
        PropagateAtLaunch: tag.propagateAtLaunch,
      })),
    ),
    TerminationPolicies: members(['Default']),
    NewInstancesProtectedFromScaleIn: false,
    ServiceLinkedRoleARN: `arn:aws:iam::${LOCAL_ACCOUNT_ID}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`,
    CapacityRebalance: false,
  }
}
