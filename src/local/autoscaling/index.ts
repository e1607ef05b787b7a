/**
 * EC2 Auto Scaling behind awsQuery: `POST /` with a form body `Action=…&Version=2011-01-01&…`,
 * replies as `<XResponse><XResult>…</XResult><ResponseMetadata>…` and errors as `<ErrorResponse>`.
 */
import {queryService} from '../query-protocol.js'
import * as groups from './groups.js'

export const AUTOSCALING_VERSION = '2011-01-01'
export const autoScalingService = queryService({
  name: 'autoscaling',
  version: AUTOSCALING_VERSION,
  xmlns: `http://autoscaling.amazonaws.com/doc/${AUTOSCALING_VERSION}/`,
  operations: {
    DescribeAutoScalingGroups: groups.describeAutoScalingGroups,
    SetDesiredCapacity: groups.setDesiredCapacity,
    CreateAutoScalingGroup: groups.createAutoScalingGroup,
    UpdateAutoScalingGroup: groups.updateAutoScalingGroup,
    DeleteAutoScalingGroup: groups.deleteAutoScalingGroup,
  },
  noResult: new Set(['SetDesiredCapacity', 'CreateAutoScalingGroup', 'UpdateAutoScalingGroup', 'DeleteAutoScalingGroup']),
})
