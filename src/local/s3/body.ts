/**
 * Request bodies as S3 receives them. The SDK sends streamed uploads `aws-chunked`
 * (`<hex size>[;chunk-signature=…]\r\n<bytes>\r\n … 0\r\n<trailing checksum>\r\n\r\n`),
 * which must be unwrapped before the bytes are stored.
 */
import type {LocalRequest} from '../types.js'

export function isAwsChunked(request: LocalRequest): boolean {
  const encoding = String(request.headers['content-encoding'] ?? '')
  const sha = String(request.headers['x-amz-content-sha256'] ?? '')
  return encoding.split(',').some((e) => e.trim() === 'aws-chunked') || sha.startsWith('STREAMING-')
}

export function decodeAwsChunked(body: Buffer): Buffer {
  const parts: Buffer[] = []
  let offset = 0
  while (offset < body.length) {
    const lineEnd = body.indexOf('\r\n', offset)
    if (lineEnd < 0) break
    const header = body.subarray(offset, lineEnd).toString('latin1')
    const size = Number.parseInt(header.split(';')[0] ?? '', 16)
    if (!Number.isFinite(size)) throw new Error(`malformed aws-chunked body: chunk header '${header}'`)
    if (size === 0) break
    const start = lineEnd + 2
    parts.push(body.subarray(start, start + size))
    offset = start + size + 2
  }
  return Buffer.concat(parts)
}

/** The object bytes of a PUT, unwrapped from aws-chunked when the SDK streamed them. */
export function payload(request: LocalRequest): Buffer {
  return isAwsChunked(request) ? decodeAwsChunked(request.body) : request.body
}

/** The `x-amz-meta-*` headers of a PUT or CreateMultipartUpload, as the object's metadata. */
export function metadataOf(request: LocalRequest): Record<string, string> {
  const metadata: Record<string, string> = {}
  for (const [header, value] of Object.entries(request.headers)) {
    if (header.startsWith('x-amz-meta-') && typeof value === 'string') metadata[header.slice('x-amz-meta-'.length)] = value
  }
  return metadata
}
