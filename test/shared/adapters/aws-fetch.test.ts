// The two AWS calls made without an SDK client: S3 GetObject against a loopback server that
// checks the SigV4 signature with the SDK's own signer, and SES SendEmail against
// aws-ses-v2-local, with AWS's error shapes read into errors that name the code.
import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsRequestError } from '#shared/adapters/aws-fetch';
import { localSes } from '#shared/adapters/local';
import { s3RawMail } from '#shared/adapters/raw-mail';
import { sesMailer } from '#shared/adapters/ses-mailer';
import { startTestSes, type TestSes } from '../../support/local.ts';

const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG',
  sessionToken: 'tok/en=',
};

const bytes = (data: string | ArrayBuffer | ArrayBufferView) =>
  typeof data === 'string'
    ? data
    : ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data);

/** The Checksum the SDK signer expects, on node:crypto. */
class NodeSha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret ? createHmac('sha256', bytes(secret)) : createHash('sha256');
  }
  update(data: string | ArrayBuffer | ArrayBufferView) {
    this.hash.update(bytes(data));
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
  reset() {}
}

/** What S3's side would compute for this request: the SDK signer on the same headers. */
async function expectedAuthorization(request: IncomingMessage, port: number): Promise<string> {
  const amzDate = String(request.headers['x-amz-date']);
  const signer = new SignatureV4({
    credentials,
    region: 'us-east-1',
    service: 's3',
    sha256: NodeSha256,
    uriEscapePath: false,
  });
  const signed = await signer.sign(
    {
      method: 'GET',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port,
      path: request.url!,
      query: {},
      headers: {
        host: `127.0.0.1:${port}`,
        'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
        'x-amz-security-token': credentials.sessionToken,
      },
    },
    {
      signingDate: new Date(
        amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'),
      ),
    },
  );
  return String(signed.headers.authorization);
}

describe('S3 GetObject for the raw mail', () => {
  let server: Server;
  let port: number;
  const seen: { url: string; authorization: string; expected: string }[] = [];
  const answers: { status: number; body: string }[] = [];

  beforeAll(async () => {
    server = createServer(async (request, response) => {
      seen.push({
        url: request.url!,
        authorization: String(request.headers.authorization),
        expected: await expectedAuthorization(request, port),
      });
      const answer = answers.shift() ?? { status: 200, body: 'Subject: hi\r\n\r\nbody' };
      response.writeHead(answer.status, { 'content-type': 'application/xml' }).end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const source = () =>
    s3RawMail(
      {
        region: 'us-east-1',
        credentials: async () => credentials,
        endpoint: `http://127.0.0.1:${port}`,
        retries: 2,
      },
      'rounds-mail',
      'inbound/',
    );

  it('reads the stored message, signed as the SDK would sign it', async () => {
    seen.length = 0;
    const bytes = await source().get('0100018f2c3d4e5f-abc');
    expect(new TextDecoder().decode(bytes)).toBe('Subject: hi\r\n\r\nbody');
    expect(seen[0]?.url).toBe('/inbound/0100018f2c3d4e5f-abc');
    expect(seen[0]?.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/s3\/aws4_request/,
    );
    expect(seen[0]?.authorization).toBe(seen[0]?.expected);
  });

  it('asks again after a 503, and names S3’s error when the message is not there', async () => {
    seen.length = 0;
    answers.push({ status: 503, body: '<Error><Code>SlowDown</Code></Error>' });
    await source().get('retried');
    expect(seen).toHaveLength(2);

    answers.push({
      status: 404,
      body: '<?xml version="1.0"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>',
    });
    const error = await source()
      .get('gone')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsRequestError);
    expect(error).toMatchObject({ code: 'NoSuchKey', status: 404 });
    expect(String(error)).toContain('The specified key does not exist.');
  });
});

describe('SES SendEmail', () => {
  let ses: TestSes;
  beforeAll(async () => {
    ses = await startTestSes();
  });
  afterAll(() => ses.stop());

  it('sends the text, html, headers and attachment as the local SES API records them', async () => {
    const mailer = sesMailer(localSes(ses.endpoint));
    const { messageId } = await mailer.send({
      from: 'Rounds <rounds@in.example.org>',
      to: 'amira@example.org',
      replyTo: 'r+abc@in.example.org',
      subject: 'Thank Dr. Lopez\r\nBcc: evil@example.com',
      text: 'plain',
      html: '<p>html</p>',
      headers: [{ name: 'X-Rounds-Kind', value: 'reminder' }],
      attachments: [{ filename: 'invite.ics', contentType: 'text/calendar', content: 'BEGIN:VCALENDAR' }],
    });
    expect(messageId).toMatch(/^<.+@email\.amazonses\.com>$/);
    const sent = ses.sent().at(-1)!;
    expect(sent).toMatchObject({ subject: 'Thank Dr. Lopez Bcc: evil@example.com', to: 'amira@example.org' });
    expect(sent.text).toBe('plain');
    expect(sent.headers).toContainEqual({ name: 'X-Rounds-Kind', value: 'reminder' });
  });

  it('reports what SES refused, by its message', async () => {
    const mailer = sesMailer(localSes(ses.endpoint));
    const error = await mailer
      .send({ from: '', to: 'amira@example.org', subject: 's', text: 't', html: 'h', headers: [] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsRequestError);
    expect(error).toMatchObject({ status: 400 });
    expect(String(error)).toContain('Bad Request Exception');
  });
});
