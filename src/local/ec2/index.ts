/**
 * EC2 behind ec2Query: `POST /` with a form body `Action=…&Version=2016-11-15&InstanceId.1=…`,
 * replies as `<XResponse><requestId/>…` and errors as `<Response><Errors><Error>`. Reads only:
 * hako asks EC2 for nothing but its instances' Name tags.
 */
import {queryService} from '../query-protocol.js'
import {describeInstances} from './describe-instances.js'

export const EC2_VERSION = '2016-11-15'

export const ec2Service = queryService({
  name: 'ec2',
  version: EC2_VERSION,
  xmlns: `http://ec2.amazonaws.com/doc/${EC2_VERSION}/`,
  operations: {DescribeInstances: describeInstances},
  ec2: true,
})
