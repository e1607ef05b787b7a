#!/usr/bin/env node
// The AWS SDK warns on every start under Node 20; the lockfile pins a release that supports it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
const {main} = await import('../dist/src/commands/main.js')
await main(process.argv.slice(2), import.meta.url)
