// No test may reach real AWS: no instance metadata, no profile, no shared files, static fake keys.
process.env.AWS_EC2_METADATA_DISABLED = 'true'
process.env.AWS_CONFIG_FILE = '/nonexistent/hako-test-aws-config'
process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/hako-test-aws-credentials'
delete process.env.AWS_PROFILE
delete process.env.AWS_SESSION_TOKEN
process.env.AWS_ACCESS_KEY_ID = 'AKIDLOCALTEST'
process.env.AWS_SECRET_ACCESS_KEY = 'local-test-secret'
process.env.AWS_REGION = 'ap-northeast-1'
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
for (const key of Object.keys(process.env)) {
  if (key.startsWith('AWS_ENDPOINT_URL')) delete process.env[key]
}
