/**
 * A small XML writer and reader shared by the restXml (S3, Route 53) and awsQuery (ELBv2)
 * adapters. Objects become elements in key order; an array under a key repeats that element,
 * which is how both `<member>` lists and Route 53's `<HostedZone>` lists are written.
 */
import {XMLParser} from 'fast-xml-parser'

export type XmlValue = string | number | boolean | undefined | null | XmlObject | XmlValue[]
export interface XmlObject {
  [tag: string]: XmlValue
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')
}

function element(tag: string, value: XmlValue): string {
  if (value === undefined || value === null) return ''
  if (Array.isArray(value)) return value.map((item) => element(tag, item)).join('')
  if (typeof value === 'object') return `<${tag}>${children(value)}</${tag}>`
  return `<${tag}>${escapeXml(String(value))}</${tag}>`
}

function children(object: XmlObject): string {
  return Object.entries(object)
    .map(([tag, value]) => element(tag, value))
    .join('')
}

/** A whole document: `<?xml…?><root xmlns="…">…</root>`. */
export function xmlDocument(root: string, body: XmlObject, xmlns?: string): string {
  const open = xmlns ? `<${root} xmlns="${xmlns}">` : `<${root}>`
  return `<?xml version="1.0" encoding="UTF-8"?>\n${open}${children(body)}</${root}>`
}

/** An awsQuery list: `{member: [...]}`, written as `<X><member>…</member></X>`. */
export function members(items: XmlValue[]): XmlObject {
  return {member: items}
}

/** ISO-8601 with milliseconds, as AWS writes timestamps in XML. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString()
}

const parser = new XMLParser({ignoreAttributes: true, parseTagValue: false, trimValues: true, removeNSPrefix: true})

/** Parses a request body; text stays text (numbers are not coerced). */
export function parseXml(body: Buffer | string): Record<string, unknown> {
  const text = typeof body === 'string' ? body : body.toString('utf8')
  if (text.trim() === '') return {}
  return parser.parse(text) as Record<string, unknown>
}

/** A child that may appear once or many times, as a list. */
export function asList(value: unknown): unknown[] {
  if (value === undefined || value === null || value === '') return []
  return Array.isArray(value) ? value : [value]
}

export function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
}

export function asText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return undefined
}
