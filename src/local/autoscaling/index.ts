/**
 * EC2 Auto Scaling behind awsQuery: `POST /` with a form body `Action=…&Version=2011-01-01&…`,
 * replies as `<XResponse><XResult>…</XResult><ResponseMetadata>…` and errors as `<ErrorResponse>`.
 */
import {formFields} from '../elbv2/index.js'
import {parseQueryForm, type QueryInput} from '../elbv2/query.js'
import {escapeXml, xmlDocument, type XmlObject} from '../s3/xml.js'
import {notImplementedResponse} from '../server.js'
import type {LocalContext, LocalRequest, LocalResponse, LocalService} from '../types.js'
import {AutoScalingError} from './errors.js'
import * as groups from './groups.js'

export const AUTOSCALING_VERSION = '2011-01-01'
const XMLNS = `http://autoscaling.amazonaws.com/doc/${AUTOSCALING_VERSION}/`

type Operation = (input: QueryInput, context: LocalContext) => XmlObject

const OPERATIONS: Record<string, Operation> = {
  DescribeAutoScalingGroups: groups.describeAutoScalingGroups,
  SetDesiredCapacity: groups.setDesiredCapacity,
  CreateAutoScalingGroup: groups.createAutoScalingGroup,
  UpdateAutoScalingGroup: groups.updateAutoScalingGroup,
  DeleteAutoScalingGroup: groups.deleteAutoScalingGroup,
}

/** Operations whose reply carries no `<XResult>` element. */
const NO_RESULT = new Set(['SetDesiredCapacity', 'CreateAutoScalingGroup', 'UpdateAutoScalingGroup', 'DeleteAutoScalingGroup'])

function action(request: LocalRequest): string {
  return formFields(request)?.get('Action') ?? ''
}

function errorReply(error: AutoScalingError): LocalResponse {
  const type = error.status >= 500 ? 'Receiver' : 'Sender'
  return {
    status: error.status,
    headers: {'content-type': 'text/xml'},
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${XMLNS}"><Error><Type>${type}</Type><Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message></Error><RequestId>local</RequestId></ErrorResponse>`,
  }
}

export const autoScalingService: LocalService = {
  name: 'autoscaling',
  matches(request) {
    const fields = formFields(request)
    return fields !== undefined && fields.has('Action') && fields.get('Version') === AUTOSCALING_VERSION
  },
  operation: action,
  input: (request) => {
    const {Action: _action, Version: _version, ...rest} = parseQueryForm(request.body)
    return rest
  },
  handle(request, context) {
    const name = action(request)
    const operation = OPERATIONS[name]
    if (!operation) return notImplementedResponse('autoscaling', name)
    try {
      const result = operation(parseQueryForm(request.body), context)
      const body: XmlObject = NO_RESULT.has(name) ? {} : {[`${name}Result`]: result}
      return {
        status: 200,
        headers: {'content-type': 'text/xml'},
        body: xmlDocument(`${name}Response`, {...body, ResponseMetadata: {RequestId: 'local'}}, XMLNS),
      }
    } catch (error) {
      if (error instanceof AutoScalingError) return errorReply(error)
      throw error
    }
  },
}
