// The RawMailSource port: S3 (where the SES receipt rule stored the message) or a local folder.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RawMailSource } from '../domain/ports.ts';
import { type AwsService, awsFetch } from './aws-fetch.ts';

/** GetObject on the bucket's virtual-hosted endpoint; a GET is safe to try again. */
export function s3RawMail(s3: AwsService, bucket: string, prefix: string): RawMailSource {
  const origin = s3.endpoint ?? `https://${bucket}.s3.${s3.region}.amazonaws.com`;
  return {
    async get(key) {
      const path = `${prefix}${key}`.split('/').map(encodeURIComponent).join('/');
      for (let attempt = 1; ; attempt++) {
        try {
          const response = await awsFetch({ ...s3, signingName: 's3' }, `${origin}/${path}`, {
            method: 'GET',
            headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
          });
          // Raw bytes: the MIME parser decodes each part's own charset (AWS-NOTES.md §1).
          return new Uint8Array(await response.arrayBuffer());
        } catch (error) {
          // fetch itself failed (a reset connection), not S3 answering: once more, then give up.
          if (!(error instanceof TypeError) || attempt === 3) throw error;
        }
      }
    },
  };
}

export function directoryRawMail(dir: string): RawMailSource {
  return {
    async get(key) {
      if (key.includes('/') || key.includes('..')) throw new Error(`not a message key: ${key}`);
      return new Uint8Array(await readFile(join(dir, key)));
    },
  };
}
