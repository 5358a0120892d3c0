// Stands in for @aws-sdk/credential-provider-node in the Lambda bundles. Lambda always hands a
// function its role's credentials in environment variables, so the default chain's other
// sources (profiles, SSO, web identity, instance metadata) are dead code there: 132 KiB of
// every bundle, nested STS/SSO clients included. The CLI and tests keep the full chain.
export { fromEnv as defaultProvider } from '@aws-sdk/credential-provider-env';
