/**
 * The awsQuery protocol that ELBv2 and EC2 Auto Scaling share: `POST /` with a form body
 * `Action=…&Version=…&…`, replies as `<XResponse><XResult>…</XResult><ResponseMetadata>…` and
 * errors as `<ErrorResponse>`, which the SDK turns into its typed exceptions. EC2's variant of it
 * (`ec2: true`) replies `<XResponse><requestId>…` with the fields directly inside, and errors as
 * `<Response><Errors><Error>…</Error></Errors><RequestID>…`.
 */
import {parseQueryForm, QueryError, type QueryInput} from './query-form.js'
import {notImplementedResponse} from './server.js'
import type {LocalContext, LocalRequest, LocalResponse, LocalService} from './types.js'
import {escapeXml, xmlDocument, type XmlObject} from './xml.js'

/** Only the head of the body is looked at: Action and Version come first in what the SDK sends. */
export function formFields(request: LocalRequest): URLSearchParams | undefined {
  if (request.method !== 'POST' || request.headers['x-amz-target'] !== undefined) return undefined
  const type = String(request.headers['content-type'] ?? '')
  if (!type.startsWith('application/x-www-form-urlencoded')) return undefined
  return new URLSearchParams(request.body.toString('utf8'))
}

export interface QueryServiceSpec {
  /** The call log's service name (`elbv2`, `autoscaling`). */
  name: string
  version: string
  xmlns: string
  operations: Record<string, (input: QueryInput, context: LocalContext) => XmlObject>
  /** Operations whose reply carries no `<XResult>` element. */
  noResult?: ReadonlySet<string>
  /** The ec2Query shapes: no `<XResult>`, a `<requestId>`, errors under `<Response><Errors>`. */
  ec2?: boolean
}

function action(request: LocalRequest): string {
  return formFields(request)?.get('Action') ?? ''
}

/** An error in ec2Query's shape, which the SDK reads from `Errors.Error.Code`. */
export function ec2ErrorReply(status: number, code: string, message: string): LocalResponse {
  return {
    status,
    headers: {'content-type': 'text/xml'},
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error></Errors><RequestID>local</RequestID></Response>`,
  }
}

function errorReply(error: QueryError, spec: QueryServiceSpec): LocalResponse {
  if (spec.ec2) return ec2ErrorReply(error.status, error.code, error.message)
  const xmlns = spec.xmlns
  const type = error.status >= 500 ? 'Receiver' : 'Sender'
  return {
    status: error.status,
    headers: {'content-type': 'text/xml'},
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${xmlns}"><Error><Type>${type}</Type><Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message></Error><RequestId>local</RequestId></ErrorResponse>`,
  }
}

export function queryService(spec: QueryServiceSpec): LocalService {
  return {
    name: spec.name,
    matches(request) {
      const fields = formFields(request)
      return fields !== undefined && fields.has('Action') && fields.get('Version') === spec.version
    },
    operation: action,
    input: (request) => {
      const {Action: _action, Version: _version, ...rest} = parseQueryForm(request.body)
      return rest
    },
    handle(request, context) {
      const name = action(request)
      const operation = spec.operations[name]
      if (!operation) return notImplementedResponse(spec.name, name, spec.ec2 ? 'Response' : 'ErrorResponse')
      try {
        const result = operation(parseQueryForm(request.body), context)
        const body: XmlObject = spec.ec2
          ? {requestId: 'local', ...result}
          : {...(spec.noResult?.has(name) ? {} : {[`${name}Result`]: result}), ResponseMetadata: {RequestId: 'local'}}
        return {
          status: 200,
          headers: {'content-type': 'text/xml'},
          body: xmlDocument(`${name}Response`, body, spec.xmlns),
        }
      } catch (error) {
        if (error instanceof QueryError) return errorReply(error, spec)
        throw error
      }
    },
  }
}
