/** Image references: hako appends the tag blindly; we leave a reference that already has one alone. */

export interface ImageParts {
  repository: string
  tag?: string
  digest?: string
}

/** `host:5000/img:1.2@sha256:...` → parts; a colon before the last `/` is a registry port, not a tag. */
export function parseImage(reference: string): ImageParts {
  const at = reference.indexOf('@')
  const digest = at >= 0 ? reference.slice(at + 1) : undefined
  const name = at >= 0 ? reference.slice(0, at) : reference
  const colon = name.lastIndexOf(':')
  const hasTag = colon > name.lastIndexOf('/')
  const parts: ImageParts = {repository: hasTag ? name.slice(0, colon) : name}
  if (hasTag) parts.tag = name.slice(colon + 1)
  if (digest !== undefined) parts.digest = digest
  return parts
}

/**
 * The app image: `--tag` wins over `app.tag`, then `latest`. A reference with a digest is
 * used as is; one with a tag keeps it unless `--tag` is given.
 */
export function appImage(image: string, tag: string | undefined, cliTag: string | undefined): string {
  const parts = parseImage(image)
  if (parts.digest !== undefined) return image
  if (parts.tag !== undefined && cliTag === undefined) return image
  return `${parts.repository}:${cliTag ?? tag ?? 'latest'}`
}
