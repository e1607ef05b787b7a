/** Env providers: named by `type`, they resolve variable names to values (as in hako). */

export interface EnvProvider {
  /** Values for the names it knows; unknown names are simply absent. */
  ask(names: string[]): Promise<Record<string, string>>
  /** The subset of `names` it has, without reading values out; absent when it cannot list keys. */
  askKeys?(names: string[]): Promise<string[]>
  /** How errors name it, e.g. `provider file (hello.env)`. Never contains a value. */
  readonly label: string
}

export interface EnvProviderFactory {
  type: string
  /** Throws ProviderError on bad options (named by the factory). */
  create(options: Record<string, unknown>, definitionDir: string): Promise<EnvProvider>
}

/** A provider problem: missing file, bad option, unknown key. Message names provider, file and key. */
export class ProviderError extends Error {
  override readonly name = 'ProviderError'
}
