/**
 * Provider values (from .env files, secret stores) may be credentials. A dry run loads the
 * definition twice, with values and with `${NAME}` placeholders; the env variables whose values
 * differ between the two are the provider-filled ones, and no output shows their values.
 */
import type {Container} from '../definition/types.js'

export function providerValuedEnv(real: readonly Container[], placeholders: readonly Container[]): Set<string> {
  const names = new Set<string>()
  for (const container of real) {
    const shown = placeholders.find((p) => p.name === container.name)
    if (!shown) continue
    for (const [name, value] of Object.entries(container.env)) {
      // Keys only one side has were added by scripts (nginx_front), not by providers.
      if (name in shown.env && shown.env[name] !== value) names.add(name)
    }
  }
  return names
}
