// The RawMailSource port: S3 (where the SES receipt rule stored the message) or a local folder.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { RawMailSource } from '../domain/ports.ts';

export function s3RawMail(client: S3Client, bucket: string, prefix: string): RawMailSource {
  return {
    async get(key) {
      const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: `${prefix}${key}` }));
      if (!out.Body) throw new Error(`s3://${bucket}/${prefix}${key} has no body`);
      // Raw bytes: the MIME parser decodes each part's own charset (AWS-NOTES.md §1).
      return out.Body.transformToByteArray();
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
