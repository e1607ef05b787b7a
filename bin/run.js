#!/usr/bin/env node
// The AWS SDK warns on every start under Node 20; the lockfile pins a release that supports it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
const {execute} = await import('@oclif/core')
await execute({dir: import.meta.url})
