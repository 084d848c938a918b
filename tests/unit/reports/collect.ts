import { PassThrough } from 'node:stream';

/** A writable stream and the bytes written to it once it ends. */
export function collect(): { stream: PassThrough; bytes: Promise<Buffer> } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const bytes = new Promise<Buffer>((resolve, reject) => {
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
  return { stream, bytes };
}
