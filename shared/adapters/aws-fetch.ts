// Signed HTTPS calls for the two AWS APIs Rounds calls one way only: S3 GetObject (the raw
// mail) and SES v2 SendEmail. Their SDK clients were 230 KiB of the inbound bundle for one
// request each; aws4fetch signs with SigV4 on WebCrypto, and retries 5xx and throttling with
// backoff as the SDK would. DynamoDB, with its transactions and marshalling, stays on the SDK.
import { AwsClient } from 'aws4fetch';

export type AwsCredentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
/** Called before each request, so rotated credentials (a CLI profile, SSO) are picked up. */
export type CredentialSource = () => Promise<AwsCredentials>;

export type AwsService = {
  region: string;
  credentials: CredentialSource;
  /** Another endpoint than AWS's own (aws-ses-v2-local), as an origin: http://127.0.0.1:8005. */
  endpoint?: string;
  /** Further attempts after a 5xx or a throttle (429). */
  retries?: number;
};

/** An AWS API said no: its error code (MessageRejected, NoSuchKey…), status and message. */
export class AwsRequestError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(`${code} (${status}): ${message}`);
    this.name = code;
  }
}

/**
 * SigV4 signing keys by secret, day, region and service, shared by every request: each would
 * otherwise derive its key again (four HMACs). A day and a credential rotation add one each.
 */
const signingKeys = new Map<string, ArrayBuffer>();

export async function awsFetch(
  service: AwsService & { signingName: string },
  url: string,
  init: RequestInit,
): Promise<Response> {
  if (signingKeys.size > 64) signingKeys.clear();
  const client = new AwsClient({
    ...(await service.credentials()),
    service: service.signingName,
    region: service.region,
    retries: service.retries ?? 3,
    initRetryMs: 100,
    cache: signingKeys,
  });
  const response = await client.fetch(url, init);
  if (response.ok) return response;
  throw await requestError(response);
}

/** The error code and message of a JSON (SES) or XML (S3) error response. */
async function requestError(response: Response): Promise<AwsRequestError> {
  const body = await response.text().catch(() => '');
  const headerCode = response.headers.get('x-amzn-errortype')?.split(':')[0];
  let code = headerCode;
  let message = body.slice(0, 300);
  if (body.startsWith('{')) {
    try {
      const json = JSON.parse(body) as Record<string, unknown>;
      code ??=
        String(json.__type ?? json.code ?? json.Code ?? '')
          .split('#')
          .pop() || undefined;
      message = String(json.message ?? json.Message ?? json.detail ?? message);
    } catch {
      // Not JSON after all: the text is the message.
    }
  } else if (body.includes('<Error>')) {
    code ??= body.match(/<Code>([^<]*)<\/Code>/)?.[1];
    message = body.match(/<Message>([^<]*)<\/Message>/)?.[1] ?? message;
  }
  return new AwsRequestError(
    code ?? `HTTP${response.status}`,
    response.status,
    message || response.statusText,
  );
}
