/**
 * `hako show-definition FILE` in its plain forms, answered without loading oclif (the largest part
 * of start-up for the command CI steps run most). Only a command line made of FILE, `--expand`,
 * `--ext-str K=V` and `--jpath DIR` takes this path, and only when it succeeds: anything else (help,
 * `-v`, an unknown flag, GitHub Actions annotations, an invalid definition) goes through oclif as
 * before, which prints what it always did.
 */
import type {ShowDefinitionOptions} from '../app/show-definition.js'

export function plainShowDefinition(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ShowDefinitionOptions | undefined {
  if (argv[0] !== 'show-definition' || env.GITHUB_ACTIONS === 'true') return undefined
  const options: ShowDefinitionOptions & {extStr: Record<string, string>; jpath: string[]} = {file: '', expand: false, extStr: {}, jpath: []}
  const pair = (value: string | undefined): boolean => {
    const at = value?.indexOf('=') ?? -1
    if (value === undefined || at <= 0) return false
    options.extStr[value.slice(0, at)] = value.slice(at + 1)
    return true
  }
  for (let i = 1; i < argv.length; i++) {
    const word = argv[i] as string
    if (word === '--expand') options.expand = true
    else if (word === '--ext-str') {
      if (!pair(argv[++i])) return undefined
    } else if (word.startsWith('--ext-str=')) {
      if (!pair(word.slice('--ext-str='.length))) return undefined
    } else if (word === '--jpath' && argv[i + 1] !== undefined) options.jpath.push(argv[++i] as string)
    else if (word.startsWith('--jpath=')) options.jpath.push(word.slice('--jpath='.length))
    else if (!word.startsWith('-') && options.file === '') options.file = word
    else return undefined
  }
  return options.file === '' ? undefined : options
}
